"""Built-in stages.  Importing this package registers them (see :mod:`unspin.pipeline`)."""

from unspin.stages import clean  # noqa: F401
from unspin.stages import segment  # noqa: F401
from unspin.stages import structure  # noqa: F401
from unspin.stages import entities  # noqa: F401
from unspin.stages import attribution  # noqa: F401
from unspin.stages import claims  # noqa: F401
from unspin.stages import techniques  # noqa: F401
from unspin.stages import summary  # noqa: F401

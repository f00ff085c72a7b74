"""Built-in stages.  Importing this package registers them (see :mod:`unspin.pipeline`)."""
from unspin.stages import clean  # noqa: F401
from unspin.stages import segment  # noqa: F401
from unspin.stages import structure  # noqa: F401

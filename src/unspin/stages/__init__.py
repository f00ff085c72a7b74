"""Built-in stages.  Importing this package registers them (see :mod:`unspin.pipeline`)."""

from unspin.stages import (
    attribution,  # noqa: F401
    claims,  # noqa: F401
    clean,  # noqa: F401
    entities,  # noqa: F401
    segment,  # noqa: F401
    structure,  # noqa: F401
    summary,  # noqa: F401
    techniques,  # noqa: F401
)

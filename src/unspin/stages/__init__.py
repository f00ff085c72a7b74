"""Built-in stages.  Importing this package registers them (see :mod:`unspin.pipeline`)."""

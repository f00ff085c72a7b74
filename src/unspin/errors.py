"""One exception tree for everything unspin raises on purpose.

The CLI maps each class to an exit code; the REST API maps it to an HTTP status.
Messages name the bad value and what would have been valid.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base of every error unspin raises deliberately."""

    exit_code = 1
    http_status = 500


class InputError(UnspinError):
    """The input itself is unusable: empty, binary, too large, malformed."""

    exit_code = 2
    http_status = 422


class InputTooLargeError(InputError):
    """The input exceeds the configured size limit."""

    http_status = 413


class FetchError(InputError):
    """A URL could not be fetched: timeout, HTTP error, wrong content type."""

    exit_code = 3
    http_status = 422


class UrlNotAllowedError(FetchError):
    """URL fetching is off, or the URL points at a private, loopback, link-local or metadata address."""

    http_status = 403


class ConfigError(UnspinError):
    """A configuration value or option is invalid."""

    exit_code = 2
    http_status = 400


class PipelineError(UnspinError):
    """Stages are unknown, or ordered so that a stage misses a layer it needs."""

    exit_code = 4


class UnknownStageError(PipelineError):
    """A stage name nobody registered (``--until foo``): a usage error, found before any work."""

    exit_code = 2
    http_status = 400


class ModelError(UnspinError):
    """A shipped model is missing, corrupt or failed to run."""

    exit_code = 5
    http_status = 503  # the service cannot analyse until its models load; the request was fine


class StoreError(UnspinError):
    """A corpus store could not be opened or written."""

    exit_code = 6
    http_status = 503

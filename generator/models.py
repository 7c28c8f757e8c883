"""The catalog's typed schema: providers, model offerings, prices and their provenance.

These models are the single source of truth for `catalog/providers/*.yaml`; the JSON Schema in
`catalog/schema.json` is generated from them (see `generator/schema.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.terms import Adapter, Feature, Kind, Modality, Status, Tier

NonNeg = Annotated[float, Field(ge=0)]
Tokens = Annotated[int, Field(gt=0)]
# An http(s) URL with a host and no spaces, kept as written. A pattern rather than pydantic's URL
# types: they do not validate a `str` they annotate, and importing them cost 7 ms of start-up.
URL_PATTERN = r"^https?://[^\s/?#]+([/?#]\S*)?$"
Url = Annotated[
    str,
    Field(
        pattern=URL_PATTERN,
        examples=["https://example.com/pricing"],
        json_schema_extra={"format": "uri"},
    ),
]


class Strict(BaseModel):
    """Base for every catalog object: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=True,
        validate_default=True,
        allow_inf_nan=False,
    )


class Modalities(Strict):
    input: list[Modality] = Field(default_factory=lambda: [Modality.text])
    output: list[Modality] = Field(default_factory=lambda: [Modality.text])


class ContextTier(Strict):
    """Long-context price tier (a cliff): above `above` input tokens, every token costs this."""

    above: Tokens = Field(
        description="Input-token threshold; prompts larger than this pay the tier price."
    )
    input: NonNeg | None = None
    output: NonNeg | None = None
    cache_read: NonNeg | None = None
    cache_write: NonNeg | None = None


class Prices(Strict):
    """One price set, in USD per 1M tokens unless the field says otherwise."""

    effective: dt.date | None = Field(
        default=None, description="Date this price set took (or takes) effect."
    )
    input: NonNeg | None = None
    output: NonNeg | None = None
    cache_read: NonNeg | None = Field(default=None, description="Cached input tokens read.")
    cache_write: NonNeg | None = Field(
        default=None, description="Cache writes at the default TTL (5 minutes where it differs)."
    )
    cache_write_1h: NonNeg | None = Field(
        default=None, description="Cache writes with a 1-hour TTL."
    )
    cache_storage: NonNeg | None = Field(
        default=None, description="Cache storage, USD per 1M tokens per hour."
    )
    batch_input: NonNeg | None = None
    batch_output: NonNeg | None = None
    input_audio: NonNeg | None = None
    output_audio: NonNeg | None = None
    input_image: NonNeg | None = Field(default=None, description="Image input tokens.")
    output_image: NonNeg | None = Field(default=None, description="Image output tokens.")
    per_image: dict[str, NonNeg] = Field(
        default_factory=dict,
        description="USD per generated image, keyed by variant (e.g. '1024x1024 medium').",
    )
    per_request: NonNeg | None = Field(default=None, description="USD per request.")
    tiers: list[ContextTier] = Field(default_factory=list)
    source: Url = Field(description="Where a person can check these prices (provider page first).")
    verified: dt.date = Field(description="The date a person last checked `source`.")


class PriceHistory(Prices):
    effective: dt.date = Field(description="Date this older price set took effect.")


class Pricing(Prices):
    """The latest price set, with older (or earlier) sets in `history`, oldest first."""

    history: list[PriceHistory] = Field(default_factory=list)


class ApiConfig(Strict):
    """How `llmcat fetch` reads this provider's live model list."""

    adapter: Adapter
    base_url: Url
    key_env: list[str] = Field(
        default_factory=list, description="Env vars holding the API key, first found wins."
    )
    key_required: bool = True
    params: dict[str, str] = Field(
        default_factory=dict, description="Extra query parameters, e.g. Azure's api-version."
    )


ModelId = Annotated[str, Field(min_length=1, max_length=200)]


class Model(Strict):
    """One model offering: a model as a given provider sells it."""

    id: ModelId = Field(description="The provider's native id, as sent in API requests.")
    name: str = Field(min_length=1, max_length=120)
    kind: Kind
    family: str | None = None
    maker: str | None = Field(
        default=None, description="Id of the organisation that made the model, if not the provider."
    )
    created: dt.date | None = Field(default=None, description="Release date.")
    status: Status = Status.active
    deprecation_date: dt.date | None = None
    retirement_date: dt.date | None = None
    successor: str | None = Field(
        default=None, description="Native id at this provider, or a global id provider/id."
    )
    aliases: list[ModelId] = Field(default_factory=list)
    context_window: Tokens | None = None
    max_output_tokens: Tokens | None = None
    max_input_tokens: Tokens | None = None
    dimensions: list[Tokens] = Field(
        default_factory=list, description="Embedding sizes; the first is the default."
    )
    modalities: Modalities = Field(default_factory=Modalities)
    features: list[Feature] = Field(default_factory=list)
    tier: Tier | None = None
    knowledge_cutoff: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}(-\d{2})?$")
    open_weights: bool | None = None
    pricing: Pricing | None = None
    source: Url | None = Field(
        default=None, description="Where the limits, dates and features can be checked."
    )
    verified: dt.date | None = None
    notes: str | None = Field(default=None, description="Markdown shown on the model's page.")

    @model_validator(mode="after")
    def _facts_have_provenance(self) -> Model:
        facts = (self.context_window, self.max_output_tokens, self.max_input_tokens)
        if (any(facts) or self.dimensions) and not (self.source and self.verified):
            raise ValueError("limits need `source` and `verified` (where a person can check them)")
        return self


class Provider(Strict):
    """One provider file: who sells, where to read about it, how to fetch, what it sells."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    name: str = Field(min_length=1)
    website: Url
    docs_url: Url | None = None
    pricing_url: Url | None = None
    maker: str | None = Field(
        default=None,
        description="Set when this provider makes its own models: the maker's id (e.g. google). "
        "Its models answer to their bare native ids too. Omit for resellers.",
    )
    api: ApiConfig | None = None
    models: list[Model] = Field(default_factory=list)


class GuidePick(Strict):
    model: str = Field(description="Global model id, provider/native-id.")
    reason: str = ""


class Guide(Strict):
    """A selection guide: front matter of `catalog/guides/<slug>.md` plus its markdown body."""

    slug: str
    title: str
    description: str = ""
    order: int = 100
    picks: list[GuidePick] = Field(default_factory=list)
    body: str = ""


class Catalog(Strict):
    providers: list[Provider]
    guides: list[Guide] = Field(default_factory=list)


Origin = Literal["catalog", "api", "guess"]


class Entry(Strict):
    """A model after merge: curated facts filled in from the provider's own API."""

    provider: Provider
    model: Model
    curated: bool = True
    origins: dict[str, Origin] = Field(default_factory=dict)
    last_seen: dt.date | None = None
    listed: bool | None = Field(
        default=None, description="In the provider's latest list? None when never fetched."
    )

    @property
    def global_id(self) -> str:
        return f"{self.provider.id}/{self.model.id}"

    @property
    def maker(self) -> str:
        return self.model.maker or self.provider.maker or self.provider.id

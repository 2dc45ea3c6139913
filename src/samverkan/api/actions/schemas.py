"""What the action operations answer, read from the models: plans, actions and their status updates."""

import datetime as dt

from ninja import Field, ModelSchema, Schema

from samverkan.actions.models import ActionPlan, ActionStatus, PlanStatus, StatusUpdate


class PlanRef(Schema):
    id: int
    title: str
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    country: str = Field(alias="organization.country")
    is_example: bool = Field(description="An example from the JRC data brief, not a Swedish municipality's plan")


class ActionOut(Schema):
    id: int
    title: str
    description: str
    plan: PlanRef
    sector: str | None = Field(description="The SMHI main sector's identifier")
    covenant_sector: str
    area: str | None = Field(alias="area_id", description="The Covenant's area of intervention")
    policy_type: str
    status: ActionStatus
    completion: int | None
    start: dt.date | None
    end: dt.date | None
    effect_t_co2e: float | None
    effect_mwh: float | None
    cost_sek: float | None
    source_id: str

    @staticmethod
    def resolve_sector(action) -> str | None:
        return action.sector.slug if action.sector_id else None


class UpdateOut(ModelSchema):
    status: ActionStatus

    class Meta:
        model = StatusUpdate
        fields = ["date", "completion", "note"]


class ActionLinksOut(ActionOut):
    """An action with its targets and key indicators (prefetched by `actions.queries.action_detail`)."""

    targets: list[int] = Field(description="The ids of the targets the action serves")
    indicators: list[str] = Field(description="The identifiers of the key indicators that follow it up")

    @staticmethod
    def resolve_targets(action) -> list[int]:
        return [target.pk for target in action.targets.all()]

    @staticmethod
    def resolve_indicators(action) -> list[str]:
        return [indicator.slug for indicator in action.indicators.all()]


class ActionDetailOut(ActionLinksOut):
    updates: list[UpdateOut]
    similar: list[ActionOut] = Field(description="Actions like this one")


class PlanOut(ModelSchema):
    """An action plan with its count of actions (`action_count`, annotated)."""

    status: PlanStatus = Field(description="draft, adopted, replaced or not_found (a survey found no plan)")
    actions: int = Field(alias="action_count")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "title",
            "adopted_year",
            "adopted_on",
            "adopted_by",
            "period_from",
            "period_to",
            "document_url",
            "note",
            "source",
        ]

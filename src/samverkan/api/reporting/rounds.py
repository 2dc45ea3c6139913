"""Reporting rounds and submissions: open reads of what is published, writes with a network's or organization's token.

A network's token opens rounds and decides its members' reports; an organization's token fills, saves and submits
its own. Without a token only accepted reports of rounds that publish them are read; drafts stay the organization's.
"""

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from samverkan.accounts.models import ApiToken
from samverkan.api.auth import TokenAuth, token_authenticate, token_must_write_for
from samverkan.api.errors import error_response
from samverkan.api.pagination import LimitOffset
from samverkan.core.errors import NotFound
from samverkan.core.permissions import refuse
from samverkan.core.validation import Id, Slug, by_keys
from samverkan.networks.models import MembershipRole
from samverkan.networks.queries import network_or_404
from samverkan.places.queries import organization_or_404
from samverkan.reporting import exports, services
from samverkan.reporting.models import Submission, SubmissionState
from samverkan.reporting.queries import changed_keys, round_or_404, rounds_of, submission_or_404
from samverkan.targets.models import Commitment

router = Router(tags=["reporting"])
write_router = Router(tags=["reporting"], auth=TokenAuth())


class RoundOut(Schema):
    id: int
    network: str = Field(description="The network's identifier")
    framework: str
    year: int = Field(description="The year reported on")
    title: str
    opens_on: dt.date
    deadline: dt.date
    roles: list[str] = Field(description="The membership roles that must report")
    commitment: str | None = Field(description="Only members with this commitment, else null")
    status: str = Field(description="open or closed")
    public: bool = Field(description="Accepted reports are published")


class RoundIn(Schema):
    framework: str = Field(max_length=60)
    year: int = Field(ge=1990, le=2100)
    title: str = Field(min_length=1, max_length=200)
    opens_on: dt.date
    deadline: dt.date
    roles: list[MembershipRole] = Field(min_length=1, max_length=5)
    commitment: str | None = Field(None, max_length=60, description="A commitment's identifier")
    public: bool = False


class VersionOut(Schema):
    number: int
    checksum: str = Field(description="SHA-256 of the content's canonical JSON (sorted keys, no spaces, UTF-8)")
    submitted_at: dt.datetime
    decision: str = Field(description="accepted, returned or empty while undecided")
    decided_at: dt.datetime | None
    comment: str
    releases: list[dict]


class SubmissionSummary(Schema):
    id: int
    round_id: int
    organization_id: int
    organization: str
    state: str = Field(description="draft, submitted, returned or accepted")


class SubmissionOut(SubmissionSummary):
    content: dict = Field(description="The draft (for its organization) or the latest submitted version")
    changed: list[str] = Field(description="Items changed after filling (the draft only)")
    versions: list[VersionOut]


class SubmissionIn(Schema):
    round_id: Id
    values: dict[str, object] = Field(default_factory=dict, description="Editable items' new values by item key")
    rationales: dict[str, str] = Field(default_factory=dict, description="Yes/no items' rationales by item key")


class DecisionIn(Schema):
    comment: str = Field("", max_length=20000)


def _round_out(round) -> dict:
    return {
        "id": round.pk,
        "network": round.network.slug,
        "framework": round.framework,
        "year": round.year,
        "title": round.title,
        "opens_on": round.opens_on,
        "deadline": round.deadline,
        "roles": round.roles,
        "commitment": round.commitment.slug if round.commitment else None,
        "status": round.status,
        "public": round.public,
    }


def _optional_token(request) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _space, secret = header.partition(" ")
    token = token_authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise AuthenticationError()
    return token


def _reader(token: ApiToken | None, submission: Submission) -> str:
    """What a token may read of a submission: "draft" (its organization), "submitted" (the round's network), or
    "published" (anyone, for an accepted report of a round that publishes them); NotFound otherwise."""
    if token is not None and token.organization_id == submission.organization_id:
        return "draft"
    if token is not None and token.network_id == submission.round.network_id:
        return "submitted"
    if submission.round.public and submission.state == SubmissionState.ACCEPTED:
        return "published"
    raise NotFound(_("There is no submission %(id)s.") % {"id": submission.pk})


def _submission_out(submission: Submission, reading: str) -> dict:
    versions = list(submission.versions.order_by("number"))
    if reading == "published":
        versions = [v for v in versions if v.decision == "accepted"]
    content, changed = {}, []
    if reading == "draft":
        content, changed = submission.content, sorted(changed_keys(submission))
    elif versions:
        content = versions[-1].content
    return {
        "id": submission.pk,
        "round_id": submission.round_id,
        "organization_id": submission.organization_id,
        "organization": submission.organization.name,
        "state": submission.state,
        "content": content,
        "changed": changed,
        "versions": [
            {
                "number": v.number,
                "checksum": v.checksum,
                "submitted_at": v.submitted_at,
                "decision": v.decision,
                "decided_at": v.decided_at,
                "comment": v.comment if reading != "published" else "",
                "releases": v.releases,
            }
            for v in versions
        ],
    }


@router.get("/networks/{slug}/reporting-rounds", response=list[RoundOut], summary="A network's reporting rounds")
@paginate(LimitOffset)
def list_rounds(request, slug: Slug):
    network = network_or_404(slug)
    return [_round_out(r) for r in rounds_of(network).select_related("network")]


@write_router.post(
    "/networks/{slug}/reporting-rounds",
    response={201: RoundOut},
    summary="Open a reporting round (with the network's API token)",
)
def open_round(request, slug: Slug, payload: RoundIn):
    network = network_or_404(slug)
    token_must_write_for(request.auth, network=network)
    fields = payload.dict()
    fields["roles"] = [str(role) for role in fields["roles"]]
    commitment = fields.pop("commitment")
    fields["commitment"] = (
        by_keys(Commitment.objects.all(), [commitment], field="slug", unknown=_("There is no commitment %(keys)s."))[0]
        if commitment
        else None
    )
    round = services.round_save(by=request.auth.created_by, network=network, fields=fields)
    return Status(201, _round_out(round_or_404(round.pk)))


@router.get(
    "/reporting-rounds/{round_id}/submissions",
    response=list[SubmissionSummary],
    summary="A round's reports: all of them with the network's token, else the published ones",
)
@paginate(LimitOffset)
def list_submissions(request, round_id: Id):
    round = round_or_404(round_id)
    token = _optional_token(request)
    found = round.submissions.select_related("organization").order_by("organization__name")
    if token is None or token.network_id != round.network_id:
        own = token.organization_id if token is not None else None
        accepted = found.filter(state=SubmissionState.ACCEPTED) if round.public else found.none()
        found = accepted | found.filter(organization_id=own) if own else accepted
    return [
        {
            "id": s.pk,
            "round_id": s.round_id,
            "organization_id": s.organization_id,
            "organization": s.organization.name,
            "state": s.state,
        }
        for s in found
    ]


def _file(content: dict, extension: str):
    body, content_type = (
        (exports.pdf_bytes(content), exports.PDF_CONTENT_TYPE)
        if extension == "pdf"
        else (exports.xlsx_bytes(content), exports.XLSX_CONTENT_TYPE)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(content, extension)}"'
    return response


def _readable_content(request, submission_id: int) -> dict:
    submission = submission_or_404(submission_id)
    content = _submission_out(submission, _reader(_optional_token(request), submission))["content"]
    if not content:
        raise NotFound(_("Submission %(id)s has no submitted version yet.") % {"id": submission_id})
    return content


def _binary(content_type: str, description: str) -> dict:
    schema = {"type": "string", "format": "binary"}
    return {"responses": {200: {"description": description, "content": {content_type: {"schema": schema}}}}}


@router.get(
    "/submissions/{submission_id}.pdf",
    summary="A report as a print-ready A4 PDF: the frozen version as submitted (its organization: the draft)",
    openapi_extra=_binary(exports.PDF_CONTENT_TYPE, "A4, every item with its source, the frozen releases named"),
)
def submission_pdf(request, submission_id: Id):
    return _file(_readable_content(request, submission_id), "pdf")


@router.get(
    "/submissions/{submission_id}.xlsx",
    summary="A report as an xlsx workbook in the framework's structure (the frozen version as submitted)",
    openapi_extra=_binary(exports.XLSX_CONTENT_TYPE, "One sheet per section"),
)
def submission_xlsx(request, submission_id: Id):
    return _file(_readable_content(request, submission_id), "xlsx")


@router.get("/submissions/{submission_id}", response=SubmissionOut, summary="A report and its frozen versions")
def get_submission(request, submission_id: Id):
    submission = submission_or_404(submission_id)
    return _submission_out(submission, _reader(_optional_token(request), submission))


def _item_errors(error: services.ItemErrors):
    return error_response(
        422,
        error.message,
        [{"location": ["body", "values", key], "message": text} for key, text in error.errors.items()],
    )


@write_router.post(
    "/organizations/{organization_id}/submissions",
    response={200: SubmissionOut, 201: SubmissionOut},
    summary="Create the organization's draft in a round, filled from its data, or save edits to it",
)
def save_submission(request, organization_id: Id, payload: SubmissionIn):
    organization = organization_or_404(organization_id)
    token_must_write_for(request.auth, organization_id=organization.pk, what=organization)
    round = round_or_404(payload.round_id)
    by = request.auth.created_by
    created = not Submission.objects.filter(round=round, organization=organization).exists()
    submission = services.draft_for(by=by, round=round, organization=organization)
    if payload.values or payload.rationales:
        try:
            services.draft_save(by=by, submission=submission, values=payload.values, rationales=payload.rationales)
        except services.ItemErrors as error:
            return _item_errors(error)
    submission = submission_or_404(submission.pk)
    return Status(201 if created else 200, _submission_out(submission, "draft"))


def _own_submission(request, submission_id: int) -> Submission:
    submission = submission_or_404(submission_id)
    token_must_write_for(request.auth, organization_id=submission.organization_id, what=submission)
    return submission


def _network_submission(request, submission_id: int) -> Submission:
    submission = submission_or_404(submission_id)
    if request.auth.network_id != submission.round.network_id:
        raise refuse(
            request.auth.created_by,
            gettext_noop("decide on the reports to %(network)s"),
            network=submission.round.network,
        )
    return submission


@write_router.post("/submissions/{submission_id}/submit", response=SubmissionOut, summary="Submit (freeze) a report")
def submit_submission(request, submission_id: Id):
    submission = _own_submission(request, submission_id)
    try:
        services.submit(by=request.auth.created_by, submission=submission)
    except services.ItemErrors as error:
        return _item_errors(error)
    return _submission_out(submission_or_404(submission_id), "draft")


@write_router.post(
    "/submissions/{submission_id}/return", response=SubmissionOut, summary="Return a report with a comment"
)
def return_submission(request, submission_id: Id, payload: DecisionIn):
    submission = _network_submission(request, submission_id)
    services.decide(by=request.auth.created_by, submission=submission, decision="returned", comment=payload.comment)
    return _submission_out(submission_or_404(submission_id), "submitted")


@write_router.post("/submissions/{submission_id}/accept", response=SubmissionOut, summary="Accept a report")
def accept_submission(request, submission_id: Id, payload: DecisionIn):
    submission = _network_submission(request, submission_id)
    services.decide(by=request.auth.created_by, submission=submission, decision="accepted", comment=payload.comment)
    return _submission_out(submission_or_404(submission_id), "submitted")

"""Reads for notices: a person's choices, each kind with whether they get it."""

from dataclasses import dataclass

from . import kinds
from .models import NoticeChoice


@dataclass(frozen=True)
class Choice:
    kind: kinds.Kind
    wants: bool
    chosen: bool  # false: the kind's default holds, the person has not chosen


def choices_for(user) -> list[Choice]:
    chosen = dict(NoticeChoice.objects.filter(user=user).values_list("kind", "wants"))
    return [Choice(kind, chosen.get(kind.slug, kind.default), kind.slug in chosen) for kind in kinds.choosable()]

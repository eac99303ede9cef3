"""Who may speak in a text: registry names, unnamed groups and names built from apposition."""

from builder.annotate.speakers.bodies import org_speakers
from builder.annotate.speakers.built_names import built_speakers
from builder.annotate.speakers.descriptions import describe, gender_of
from builder.annotate.speakers.first_names import single_name_speakers
from builder.annotate.speakers.groups import group_speakers
from builder.annotate.speakers.lone_bodies import lone_body_speakers
from builder.annotate.speakers.noun_bodies import noun_body_speakers
from builder.annotate.speakers.placed_bodies import mission_speakers, place_body_speakers
from builder.annotate.speakers.position import in_speaker_position
from builder.annotate.speakers.registry_names import registry_speakers
from builder.annotate.speakers.sides import dateline_side, lead_side
from builder.annotate.speakers.speaker import Speaker, body_kind, overlaps_any, slug
from builder.annotate.speakers.transcripts import turn_labels, turn_speakers
from builder.annotate.speakers.wording import gap_ok, skip_parenthetical

__all__ = [
    "Speaker",
    "body_kind",
    "built_speakers",
    "dateline_side",
    "describe",
    "gap_ok",
    "gender_of",
    "group_speakers",
    "in_speaker_position",
    "lead_side",
    "lone_body_speakers",
    "noun_body_speakers",
    "mission_speakers",
    "org_speakers",
    "overlaps_any",
    "place_body_speakers",
    "registry_speakers",
    "single_name_speakers",
    "skip_parenthetical",
    "slug",
    "turn_labels",
    "turn_speakers",
]

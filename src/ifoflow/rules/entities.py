"""OpenFisca entities: a person, and the household (hushåll) that applies together."""

from openfisca_core.entities import build_entity

Hushall = build_entity(
    key="hushall",
    plural="hushall_lista",
    label="Hushåll",
    doc="Personer som bor tillsammans. Sökande, medsökande och barn ingår i ansökan; övriga vuxna delar bostaden.",
    roles=[
        {"key": "sokande", "plural": "sokande_lista", "label": "Sökande", "max": 1},
        {"key": "medsokande", "plural": "medsokande_lista", "label": "Medsökande", "max": 1},
        {"key": "barn", "plural": "barn_lista", "label": "Barn och ungdomar"},
        {"key": "ovrig", "plural": "ovriga", "label": "Övrig vuxen som inte är sambo"},
    ],
)

Person = build_entity(key="person", plural="personer", label="Person", is_person=True)

entities = [Hushall, Person]

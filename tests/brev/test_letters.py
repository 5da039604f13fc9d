"""The one letter path: keyed, versioned by template, PDF made once on first use."""

from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Document
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter


def _letter(case: Case, key: str) -> letters.LetterIn:
    return letters.LetterIn(key=key, template="brev/fritext.html", data={"text": f"Hej!\n\nDetta gäller {key}."},
                            kind="test", case_id=case.id, person_id=case.person_id or 0, filename=f"{key}.pdf")


def test_letters_are_written_once_per_key_and_their_pdf_once_on_first_use(session: Session, cases: list[int],
                                                                         settings_env: str) -> None:
    case = session.get_one(Case, cases[0])
    assert letters.write(session, [_letter(case, "a"), _letter(case, "b"), _letter(case, "a")]) == 2
    assert letters.write(session, [_letter(case, "a"), _letter(case, "c")]) == 1
    stored = {x.idempotency_key: x for x in session.scalars(select(Letter))}
    assert sorted(stored) == ["a", "b", "c"]
    assert {x.status for x in stored.values()} == {"vantar"}  # each waits for brevutskick, and can be stopped
    assert stored["a"].template_version == letters.template_version("brev/fritext.html")
    assert "Detta gäller a." in letters.text(stored["a"]) and stored["a"].document_id is None
    first = letters.pdf(session, stored["a"].id)
    again = letters.pdf(session, stored["a"].id)
    assert first.startswith(b"%PDF") and first == again
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_write_one_renders_now_when_the_reader_needs_it_at_once(session: Session, cases: list[int],
                                                               settings_env: str) -> None:
    case = session.get_one(Case, cases[1])
    letter_id = letters.write_one(session, _letter(case, "beslut"), render=True)
    assert session.get_one(Letter, letter_id).document_id is not None
    assert letters.write_one(session, _letter(case, "beslut"), render=True) == letter_id


def test_no_writer_waits_while_a_letter_renders(engine: Engine, session: Session, cases: list[int],
                                               settings_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite has one write lock: a letter rendered after its row is written would make every e-service decision
    wait for the PDF (the assistance benchmark's p95 went from 1 s to 37 s that way)."""
    case = session.get_one(Case, cases[0])
    other_case = session.get_one(Case, cases[1])
    session.commit()
    impatient = create_engine(engine.url, connect_args={"timeout": 0.2}) if engine.dialect.name == "sqlite" \
        else engine
    written_meanwhile: list[int] = []
    real_render = letters.render_pdf

    def render_while_another_writes(template: str, data: dict[str, Any]) -> bytes:
        with Session(impatient) as other:
            if other.get_bind().dialect.name == "postgresql":
                other.execute(text("SET LOCAL lock_timeout = '200ms'"))
            written_meanwhile.append(letters.write(other, [_letter(other_case, f"annat-{len(written_meanwhile)}")]))
            other.commit()
        return real_render(template, data)

    monkeypatch.setattr(letters, "render_pdf", render_while_another_writes)
    letters.write_one(session, _letter(case, "beslut-medan"), render=True)
    session.commit()
    assert written_meanwhile == [1]


def test_a_change_of_template_or_letterhead_shows_in_the_stored_version(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Any) -> None:
    from ifoflow.brev import pdf

    template = "infobrev/ny_handlaggare.typ"
    before = letters.template_version(template)
    changed = tmp_path / "brevhuvud.typ"
    changed.write_text(pdf.LETTERHEAD.read_text(encoding="utf-8") + "\n// ny rad\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "LETTERHEAD", changed)
    assert letters.template_version(template) != before

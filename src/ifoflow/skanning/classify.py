"""The document-type classifier: a scikit-learn text model (character n-grams, which survive OCR errors, into a
logistic regression) trained on the shipped synthetic corpus (korpus/, made by `ifoflow skanning korpus`) and on
every type a person confirmed or corrected in the manual queue. `ifoflow skanning train` retrains; without a
trained model the first use trains one from the corpus. Model card: docs/model-card-skanning.md."""

import gzip
import hashlib
import json
import pickle
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ifoflow.settings import get_settings

CORPUS = Path(__file__).parent / "korpus" / "korpus.jsonl.gz"
_lock = threading.Lock()
_loaded: dict[str, Any] = {}


@dataclass(frozen=True)
class Guess:
    doc_type: str
    confidence: float


def corpus() -> list[tuple[str, str]]:
    """(text, type) of every page in the shipped corpus."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        return [(row["text"], row["typ"]) for row in map(json.loads, f)]


def model_path() -> Path:
    return get_settings().data_dir / "modeller" / "skanning.pkl"


def fit(samples: list[tuple[str, str]]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2, lowercase=True),
        LogisticRegression(C=20, max_iter=3000))
    model.fit([normal(t) for t, _ in samples], [y for _, y in samples])
    return model


def train(corrections: list[tuple[str, str]]) -> dict[str, Any]:
    """A new model from the corpus and the corrections, saved where the robot finds it; what it was made of."""
    samples = corpus() + corrections
    model = fit(samples)
    meta = {"tranad": datetime.now(UTC).isoformat(timespec="seconds"), "exempel": len(samples),
            "korpus": len(samples) - len(corrections), "rattelser": len(corrections),
            "korpus_sha256": hashlib.sha256(CORPUS.read_bytes()).hexdigest()}
    target = model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps({"model": model, "meta": meta}))
    tmp.replace(target)  # a robot reading meanwhile sees the old model or the new, never half of one
    with _lock:
        _loaded.clear()
    return meta


def _model() -> Any:
    target = model_path()
    with _lock:
        stamp = f"{target}:{target.stat().st_mtime_ns}" if target.exists() else ""
        if stamp and stamp in _loaded:
            return _loaded[stamp]
    if not stamp:
        train([])
        return _model()
    # The file is the installation's own, written by train() above into its data directory.
    model = pickle.loads(target.read_bytes())["model"]  # noqa: S301
    with _lock:
        _loaded.clear()
        _loaded[stamp] = model
    return model


def guess(texts: list[str]) -> list[Guess]:
    """The most likely type of each text with the model's probability for it."""
    if not texts:
        return []
    model = _model()
    probabilities = model.predict_proba([normal(t) for t in texts])
    classes = list(model.classes_)
    return [Guess(classes[int(row.argmax())], float(row.max())) for row in probabilities]


def normal(text: str) -> str:
    return " ".join(text.split())[:4000]

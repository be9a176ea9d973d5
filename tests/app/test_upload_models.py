"""The pure side of uploads (`app.models.uploads`): paths, names, task outcomes in both API shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperless_tui.app.models.uploads import (
    UnknownName,
    expand_paths,
    file_problem,
    resolve_name,
    task_file_name,
    task_outcome,
)
from paperless_tui.client.models.tasks import Task


def test_paths_expand_globs_and_home_and_keep_an_unmatched_glob(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "b.pdf").write_bytes(b"x")
    (tmp_path / "a.pdf").write_bytes(b"x")
    assert expand_paths([f"{tmp_path}/*.pdf", "~/a.pdf", " ", f"{tmp_path}/*.png"]) == [
        tmp_path / "a.pdf",
        tmp_path / "b.pdf",
        tmp_path / "a.pdf",
        tmp_path / "*.png",
    ]


def test_file_problems_name_the_path(tmp_path, monkeypatch):
    good = tmp_path / "good.pdf"
    good.write_bytes(b"%PDF-")
    assert file_problem(good) is None
    assert file_problem(tmp_path) == f"{tmp_path} is a directory, not a file"
    assert file_problem(tmp_path / "gone.pdf") == f"{tmp_path / 'gone.pdf'}: no such file"

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # (the tests run as root: chmod would not do)
    assert file_problem(good) == f"{good}: not readable (permission denied)"


def test_names_resolve_case_insensitively_or_by_id_and_unknown_ones_are_named():
    items = [(1, "Invoices"), (2, "Insurance"), (7, "Bank")]
    assert resolve_name("tag", "invoices", items) == 1
    assert resolve_name("tag", "7", items) == 7
    with pytest.raises(
        UnknownName, match=r"no tag called 'In' on the server \(did you mean: Insurance, Invoices\?\)"
    ):
        resolve_name("tag", "In", items)
    with pytest.raises(UnknownName, match="no correspondent called 'Zed'"):
        resolve_name("correspondent", "Zed", items)


def test_task_outcomes_in_both_api_versions():
    v10_ok = Task(
        id=1,
        task_id="u1",
        status="success",
        result_data={"document_id": 12},
        input_data={"filename": "a.pdf"},
    )
    v10_bad = Task(
        id=2,
        task_id="u2",
        status="failure",
        result_data={"error_type": "X", "error_message": "Unsupported mime type text/plain"},
    )
    v9_ok = Task(
        id=3,
        task_id="u3",
        status="SUCCESS",
        result="Success. New document id 13 created",
        related_document="13",
        task_file_name="b.pdf",
    )
    v9_dup = Task(
        id=4,
        task_id="u4",
        status="FAILURE",
        result="b.pdf: Not consuming b.pdf: It is a duplicate of x (#13)",
    )
    assert task_outcome(v10_ok).document_id == 12 and task_outcome(v10_ok).state == "success"
    assert task_outcome(v10_bad).message == "Unsupported mime type text/plain"
    assert task_outcome(v9_ok).document_id == 13
    assert task_outcome(v9_dup).state == "failure" and "duplicate of x (#13)" in task_outcome(v9_dup).message
    assert task_outcome(Task(id=5, status="pending")).done is False
    assert task_outcome(Task(id=6, status="STARTED")).state == "started"
    assert task_file_name(v10_ok) == "a.pdf" and task_file_name(v9_ok) == "b.pdf"

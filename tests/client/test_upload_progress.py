"""`documents.save(draft, progress=...)`: the file's bytes are reported as they are sent, and the upload
is the same as without it (the server gets the whole file)."""

from __future__ import annotations

import httpx

from paperless_tui.client import Paperless


async def test_progress_is_reported_up_to_the_whole_file(demo_app, demo_token):
    demo_app.state.demo.consume_delay = 0.01
    transport = httpx.ASGITransport(demo_app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://demo") as http,
        Paperless("http://demo", demo_token, client=http) as paperless,
    ):
        data = b"%PDF-1.4 not really a pdf " + bytes(range(256)) * 1200
        seen: list[tuple[int, int]] = []
        draft = paperless.documents.create(document=data, filename="big.pdf")
        task_id = await paperless.documents.save(
            draft, progress=lambda sent, total: seen.append((sent, total))
        )
        assert len(seen) > 2
        assert all(total == len(data) for _, total in seen)
        assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)
        assert seen[-1] == (len(data), len(data))
        task = await paperless.tasks.wait(task_id, max_wait=10, interval=0.05)
        assert task.input_data["filename"] == "big.pdf"

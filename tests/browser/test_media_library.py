"""An editor uploading through the media library's own upload button sees why a file is refused."""

import pytest
from django.contrib.auth import get_user_model
from filer.models import File, Folder

from demo.standin import standin_pdf

HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.browser
def test_editor_sees_a_plain_refusal_and_then_uploads_a_real_pdf(
    demo_site, transactional_db, live_server, new_browser_context
):
    # Uploads are written by the live server's own thread: the test is transactional and the
    # demo site is reloaded after the flush (tests/conftest.py).
    editor_user = get_user_model().objects.get(username="editor")
    folder = Folder.objects.create(name="Peru documents", owner=editor_user)

    page = new_browser_context().new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo-pass")
    page.click("input[type=submit]")
    page.goto(f"/admin/filer/folder/{folder.pk}/list/")

    with page.expect_file_chooser() as chooser:
        page.locator(".js-upload-button").first.click()
    chooser.value.set_files(
        {"name": "annex-d.pdf", "mimeType": "application/pdf", "buffer": HTML_AS_PDF}
    )
    # filer 3.6's upload button first flashes "[object Object]" (it prints the JSON reply), then
    # reloads the folder a second later; the reloaded page shows the refusal in plain words.
    error = page.locator(".messagelist li.error", has_text="is a web page (HTML)")
    error.wait_for()
    assert '"annex-d.pdf" is a web page (HTML).' in error.inner_text()
    assert "accepts only PDF documents and PNG, JPEG or WebP images" in error.inner_text()
    assert not File.objects.filter(folder=folder).exists()

    pdf = standin_pdf(title="Annex D", agreement_title="Test").read()
    page.goto(f"/admin/filer/folder/{folder.pk}/list/")
    with page.expect_file_chooser() as chooser:
        page.locator(".js-upload-button").first.click()
    chooser.value.set_files({"name": "annex-d.pdf", "mimeType": "application/pdf", "buffer": pdf})
    page.get_by_text("annex-d.pdf").first.wait_for()
    assert File.objects.filter(folder=folder, original_filename="annex-d.pdf").count() == 1

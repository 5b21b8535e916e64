"""The licences the About dialog lists come from the installed packages themselves."""

from desktop.core.runtime.licences import licences


def test_every_main_component_has_a_licence_and_its_text():
    found = {entry.name.lower().replace("_", "-"): entry for entry in licences()}
    for name in ("celery", "kombu", "redis", "qasync", "pyside6-essentials", "keyring"):
        assert name in found, name
        assert found[name].licence and found[name].text, name
    assert "LGPL-3.0" in found["pyside6-essentials"].licence
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in found["pyside6-essentials"].text  # Qt's LGPLv3, bundled with the app
    assert "BSD" in found["celery"].licence and "Copyright" in found["celery"].text

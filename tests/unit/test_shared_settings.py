"""The shared settings' registry: one key, type, default and label each, read alike everywhere."""

from chainchief.domain.settings import BACKUP_KEEP, MEETING_DEFAULT_PLACE, SHARED_SETTINGS


def test_each_key_is_declared_once_with_a_default_of_its_type() -> None:
    keys = [setting.key for setting in SHARED_SETTINGS]
    assert len(keys) == len(set(keys)) == len(SHARED_SETTINGS)
    assert all(isinstance(setting.default, setting.type) for setting in SHARED_SETTINGS)
    assert all(setting.label for setting in SHARED_SETTINGS)


def test_a_whole_number_setting_reads_its_default_when_unset_or_unreadable() -> None:
    assert BACKUP_KEEP.read(None) == 10
    assert BACKUP_KEEP.read(" 4 ") == 4
    assert BACKUP_KEEP.read(3) == 3
    assert BACKUP_KEEP.read("many") == 10
    assert BACKUP_KEEP.read("0") == 10


def test_a_text_setting_reads_as_stored() -> None:
    assert MEETING_DEFAULT_PLACE.read(None) == ""
    assert MEETING_DEFAULT_PLACE.read("一号楼") == "一号楼"

"""The admin's import (都道府県, 市町村, 運営主体) reads files as the officers' import does: CSV in
UTF-8 or Shift_JIS, or XLSX, title and blank rows allowed, every cell normalised; a file that
cannot be read says why in Japanese; errors name the file's own line and the column's header
(common.importing.FileLinesResource)."""

from import_export.formats import base_formats

from common.importing import ImportFileError, read_upload

ERR_UNREADABLE = (
    "ファイルを読めませんでした。CSV（UTF-8／Shift_JIS）か Excel（.xlsx）で保存してください。"
)


class _SpreadsheetFormat(base_formats.Format):
    """A file read by common.importing.read_upload, bytes in."""

    title = ""
    extension = ""
    required: tuple[str, ...] = ()  # header names that mark the header row (below a title)

    def __init__(self, encoding=None, **kwargs):
        self.encoding = encoding  # unused: the reader finds UTF-8 or Shift_JIS itself

    def get_title(self):
        return self.title

    def get_extension(self):
        return self.extension

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return False

    def get_content_type(self):
        return "application/octet-stream"

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        return read_upload(data, self.required)


class JapaneseCSV(_SpreadsheetFormat):
    title = "CSV（UTF-8／Shift_JIS）"
    extension = "csv"


class JapaneseXLSX(_SpreadsheetFormat):
    title = "Excel（.xlsx）"
    extension = "xlsx"


def formats_for(resource_class) -> list[type]:
    """The two formats, told which header names mark the header row of this resource's files."""
    resource = resource_class()
    key = tuple(resource.fields[name].column_name for name in resource._meta.import_id_fields)
    return [
        type(f"{base.__name__}For{resource_class.__name__}", (base,), {"required": key})
        for base in (JapaneseCSV, JapaneseXLSX)
    ]


def read_failure(error: Exception) -> str:
    return str(error) if isinstance(error, ImportFileError) else ERR_UNREADABLE

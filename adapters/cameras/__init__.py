"""What every camera channel shares: body limits, documents and pictures out of a request, safe XML,
timestamps, and the intake that hands parsed alarms to `casework.alarms`."""
from .documents import Document, read_document
from .intake import AlarmIntake
from .limits import MAX_DOCUMENT_BYTES, MAX_PICTURE_BYTES, MAX_PICTURES

__all__ = ["AlarmIntake", "Document", "MAX_DOCUMENT_BYTES", "MAX_PICTURES", "MAX_PICTURE_BYTES", "read_document"]

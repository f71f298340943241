"""Geography: division codes, region boundaries, point and address lookups, CRS conversion."""
from .crs import to_wgs84
from .region import Placement, Region, get_region, load_region

__all__ = ["Placement", "Region", "get_region", "load_region", "to_wgs84"]

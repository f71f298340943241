"""Put a demand on the map: one CRS (WGS-84), then village and township by point or by address."""
from __future__ import annotations

from geo import Region, to_wgs84

from casework.inbound import InboundReport, Location


def place(report: InboundReport, region: Region) -> InboundReport:
    notes = list(report.notes)
    location = report.location
    placement = None
    if location is not None and location.lon is not None and location.lat is not None:
        lon, lat = to_wgs84(location.lon, location.lat, location.crs)
        if location.crs not in ("WGS84", "CGCS2000"):
            notes.append(f"coordinates converted from {location.crs} to WGS-84")
        location = Location(lon=round(lon, 7), lat=round(lat, 7), crs="WGS84", address=location.address)
        placement = region.locate(lon, lat)
        if placement is None:
            notes.append("coordinates lie outside the region")
    if placement is None:
        text = " ".join(filter(None, [location.address if location else None, report.title, report.content]))
        placement = region.match_address(text)
        if placement is not None:
            notes.append("placed by address gazetteer")
    if placement is None and report.region_code:
        code = report.region_code.ljust(12, "0")
        if code[:9] in {t["code"][:9] for t in region.townships}:
            return report.model_copy(update={"location": location, "notes": notes,
                                             "township_code": code[:9]})
    if placement is None:
        return report.model_copy(update={"location": location, "notes": notes})
    return report.model_copy(update={
        "location": location, "notes": notes,
        "village_code": placement.village_code, "township_code": placement.township_code,
    })

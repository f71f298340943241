"""Open311 GeoReport v2: the international civic-issue API, served from the center's taxonomy."""

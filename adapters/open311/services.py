"""Open311 services out of the center's taxonomy: one service per row, grouped by the first level.

A service's name is its third-level name, prefixed with the levels above as far as needed to tell
it from the others ("其他" alone would be 116 services). A service code is the row's position: two
digits for the first level, two for the second, three for the third, in file order ("0802005": the
8th first-level name, its 2nd second-level name, that one's 5th entry). Appending rows keeps every code; inserting or reordering renumbers the siblings
after the change, and the discovery changeset moves so clients refresh their cached list. A case
keeps its category as the taxonomy path "一级/二级/三级", so its service code is always found
again through the current taxonomy.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from adapters.simulator.taxonomy import Taxonomy

from .config import Open311Config, ServiceAttribute


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    group: str
    path: str  # the case category: "一级/二级/三级"
    keywords: str
    attributes: tuple[ServiceAttribute, ...]

    @property
    def description(self) -> str:
        return self.path.replace("/", " / ")


class ServiceCatalog:
    def __init__(self, taxonomy: Taxonomy, config: Open311Config) -> None:
        thirds = Counter(third for _, _, third in taxonomy.rows)
        pairs = Counter((second, third) for _, second, third in taxonomy.rows)
        services: list[Service] = []
        for i, first in enumerate(taxonomy.first_level, start=1):
            attributes = tuple(config.attributes_for(first))
            for j, second in enumerate(taxonomy.second_level(first), start=1):
                for k, third in enumerate(taxonomy.third_level(first, second), start=1):
                    name = (third if thirds[third] == 1 else f"{second}·{third}" if pairs[second, third] == 1
                            else f"{first}·{second}·{third}")
                    services.append(Service(
                        code=f"{i:02d}{j:02d}{k:03d}", name=name, group=first, path=f"{first}/{second}/{third}",
                        keywords=", ".join(dict.fromkeys([first, second, third])), attributes=attributes,
                    ))
        self.services = tuple(services)
        self._by_code = {s.code: s for s in services}
        self._by_path = {s.path: s for s in services}

    def get(self, code: str) -> Service | None:
        return self._by_code.get(code)

    def for_category(self, category: str | None) -> Service | None:
        return self._by_path.get(category or "")

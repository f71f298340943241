"""Demo simulator: realistic citizen demands posted to the app through the real 12345 intake path."""
from .generator import DemandGenerator
from .runner import Simulator, SimulatorStats
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["DemandGenerator", "Simulator", "SimulatorStats", "Taxonomy", "load_taxonomy"]

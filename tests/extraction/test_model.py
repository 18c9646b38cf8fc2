"""Model settings: the model alone has every post-processing step off (its network runs as shipped)."""
from dataclasses import fields

from extraction.model import POST_PROCESSING, ModelSettings


def test_every_switch_of_the_settings_but_int8_is_a_listed_post_processing_step():
    switches = {field.name for field in fields(ModelSettings) if field.type in (bool, "bool")}
    assert switches == set(POST_PROCESSING) | {"int8"}


def test_the_model_alone_keeps_the_arithmetic_of_the_shipped_model():
    assert ModelSettings().model_alone().int8 and not ModelSettings(int8=False).model_alone().int8


def test_the_model_alone_runs_no_rules_and_no_post_processing():
    shipped = ModelSettings(merge_rules="rules_values", label_thresholds={"PROJECT": 0.5})
    alone = shipped.model_alone()
    assert alone.merge_rules == "model"
    assert all(getattr(shipped, step) for step in POST_PROCESSING)
    assert not any(getattr(alone, step) for step in POST_PROCESSING)
    assert alone.label_thresholds == {"PROJECT": 0.5} and alone.window == shipped.window

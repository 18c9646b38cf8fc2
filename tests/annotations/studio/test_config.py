"""Our labelling config, and how a project's config is compared with it."""
import pytest

from annotations.studio.config import config_differences, config_shape, read_label_config

OURS = config_shape(read_label_config())


def test_our_config_has_the_five_labels_and_two_relations():
    assert OURS.labels == {"PROJECT", "INDICATOR", "AMOUNT", "COUNT", "RATIO"}
    assert OURS.relations == {"HAS_VALUE", "BELONGS_TO"}
    assert (OURS.labels_name, OURS.to_name, OURS.text_name, OURS.text_field) == ("label", "text", "text", "text")


def _config(labels="PROJECT INDICATOR AMOUNT COUNT RATIO", relations="HAS_VALUE BELONGS_TO", name="label",
            value="$text", extra=""):
    label_tags = "".join(f'<Label value="{label}" background="#000"/>' for label in labels.split())
    relation_tags = "".join(f'<Relation value="{rel}"/>' for rel in relations.split())
    return (f'<View><Relations>{relation_tags}</Relations><Labels name="{name}" toName="text">{label_tags}</Labels>'
            f'<Text name="text" value="{value}"/>{extra}</View>')


@pytest.mark.parametrize("config, differences", [
    (_config(), []),
    (_config(extra='<Header value="其他说明"/>'), []),
    (_config(labels="PROJECT INDICATOR AMOUNT COUNT"), ["labels lack RATIO"]),
    (_config(labels="PROJECT INDICATOR AMOUNT COUNT RATIO DATE"), ["labels add DATE"]),
    (_config(relations="HAS_VALUE"), ["relations lack BELONGS_TO"]),
    (_config(name="ner"), ["labels_name 'ner' instead of 'label'"]),
    (_config(value="$content"), ["text_field 'content' instead of 'text'"]),
])
def test_differences_name_what_our_converters_rely_on(config, differences):
    assert config_differences(OURS, config_shape(config)) == differences


@pytest.mark.parametrize("config, message", [
    ("<View><Text name='text' value='$text'/>", "not XML"),
    ("<View><Text name='text' value='$text'/></View>", "no <Labels>"),
])
def test_a_config_without_labels_or_not_xml_is_an_error(config, message):
    with pytest.raises(ValueError, match=message):
        config_shape(config)

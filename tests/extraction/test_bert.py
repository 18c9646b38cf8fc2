"""The torch-only BERT and tokenizer give what transformers gives, for the folders they accept."""
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertModel

from extraction.bert import Bert, BertShape, FolderTokenizer, folder_encoder
from extraction.encoding import tokenize
from training.encoder import resolve_encoder

TINY = dict(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
            max_position_embeddings=64)


@pytest.mark.parametrize("activation", ["gelu", "relu"])
def test_hidden_states_match_transformers_bert_with_padding(activation):
    torch.manual_seed(0)
    config = BertConfig(**TINY, hidden_act=activation)
    reference = BertModel(config, add_pooling_layer=False).eval()
    ours = Bert(BertShape.from_config(config.to_dict())).eval()
    ours.load_state_dict(reference.state_dict(), strict=False)
    assert set(ours.state_dict()) <= set(reference.state_dict())
    ids = torch.randint(1, 120, (2, 20))
    mask = torch.ones_like(ids)
    mask[1, 12:] = 0
    with torch.inference_mode():
        expected = reference(input_ids=ids, attention_mask=mask).last_hidden_state
        found = ours(ids, mask).last_hidden_state
    assert torch.allclose(expected[mask.bool()], found[mask.bool()], atol=1e-5)


@pytest.mark.parametrize("change", [
    {"model_type": "roberta"},
    {"position_embedding_type": "relative_key"},
    {"hidden_act": "gelu_new"},
    {"is_decoder": True},
])
def test_other_architectures_are_left_to_transformers(change):
    assert BertShape.from_config({**BertConfig(**TINY).to_dict(), **change}) is None


def test_folder_without_tokenizer_json_is_left_to_transformers(tmp_path):
    BertConfig(**TINY).save_pretrained(tmp_path)
    assert folder_encoder(tmp_path) is None


@pytest.mark.parametrize("text", [
    "年初预算数为1,234.56万元，执行率100%。",
    "（一）部门基本情况\n在职人数46人，\n实有人数 45 人",
    "“职工之家”建设项目经费12.5万元，覆盖率≥95％",
    "𠮷野家 🙂 ABCdef 2025年",
])
def test_folder_tokenizer_gives_the_pieces_of_the_transformers_tokenizer(text):
    folder = resolve_encoder("m3e-small")
    ours, reference = FolderTokenizer(Path(folder)), AutoTokenizer.from_pretrained(folder)
    pieces = tokenize(ours, text)
    encoded = reference(text.replace("\n", "§"), add_special_tokens=False, return_offsets_mapping=True)
    assert pieces.ids == [reference.convert_tokens_to_ids("[unused1]") if text[start:end] == "\n" else piece
                          for piece, (start, end) in zip(encoded["input_ids"], encoded["offset_mapping"])]
    assert list(zip(pieces.starts, pieces.ends)) == [tuple(pair) for pair in encoded["offset_mapping"]]
    assert (ours.cls_token_id, ours.sep_token_id) == (reference.cls_token_id, reference.sep_token_id)

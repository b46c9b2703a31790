"""How the search ranks what matches: whole words and names that start with the query first (``match_rank``)."""

from __future__ import annotations

from pos.catalogue.lookup import match_rank
from pos.text import tokens


def rank(query: str, name_vi: str, name_en: str = "") -> int:
    return match_rank(tokens(query), name_vi, name_en)


def test_a_whole_word_at_the_start_of_the_name_beats_one_inside_it_and_a_longer_word() -> None:
    tea = rank("tra", "Trà xanh Yên Tử gói 200 g", "Yên Tử green tea, 200 g pack")
    squid = rank("tra", "Mực khô Trà Cổ túi 500 g", "Trà Cổ dried squid, 500 g bag")
    painting = rank("tra", "Tranh than đá vịnh Hạ Long", "Coal painting of Hạ Long Bay")
    assert tea > squid > painting > 0


def test_diacritics_and_case_do_not_matter_and_the_english_name_counts() -> None:
    assert rank("TRÀ", "Trà hoa vàng") == rank("tra", "trà hoa vàng")
    assert rank("tea", "Trà xanh", "Green tea") == 2  # whole word in the English name, not at its start
    assert rank("honey", "Mật ong", "Honey, 500 ml") == 2  # the English name's start does not count


def test_every_whole_word_of_a_longer_query_counts() -> None:
    both = rank("mat ong", "Mật ong rừng Đồng Sơn")
    one = rank("mat ong", "Mật ongs")  # made-up: "ong" only as a prefix
    assert both == 2 * 2 + 2 and one == 2 + 2


def test_an_empty_query_or_a_sku_ranks_nothing() -> None:
    assert rank("", "Trà") == 0
    assert rank("qn 0046", "Mật ong rừng Đồng Sơn chai 500 ml") == 0

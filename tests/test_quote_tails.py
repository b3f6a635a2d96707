"""A reported content that runs on into the next sentence's quote is cut there."""

from __future__ import annotations

from onrecord.extract.attribution.quote_tails import split_quote_tails
from onrecord.extract.attribution.types import RawAttribution

TEXT = ("“If I was a donor, I’d want answers,” said a committee member, asking for anonymity to speak "
        "freely. “If they don’t have any more staff, that’s the kind of stuff I’d read.”")


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _texts(text: str, att: RawAttribution) -> list[str]:
    return [text[s:e] for s, e in att.content_spans]


def test_the_quote_after_a_participle_joins_the_paragraph_s_earlier_quote():
    first = RawAttribution([_span(TEXT, "“If I was a donor, I’d want answers,”")], cue=_span(TEXT, "said"),
                           kind="direct")
    run_on = RawAttribution([(TEXT.index("anonymity"), len(TEXT))], cue=_span(TEXT, "asking for"))
    out = split_quote_tails(TEXT, [first, run_on])
    assert len(out) == 2
    assert _texts(TEXT, run_on) == ["anonymity to speak freely."]
    assert _texts(TEXT, first) == ["“If I was a donor, I’d want answers,”",
                                   "“If they don’t have any more staff, that’s the kind of stuff I’d read.”"]


def test_with_no_earlier_quote_the_tail_stands_alone_with_the_cut_content_s_cue():
    text = "Mr. Hannity is unapologetic about his aim. ''I'm not hiding the fact that I want him to win.''"
    run_on = RawAttribution([(text.index("his aim"), len(text))], cue=_span(text, "is unapologetic about"),
                            source=_span(text, "Mr. Hannity"))
    head, tail = split_quote_tails(text, [run_on])
    assert _texts(text, head) == ["his aim."]
    assert _texts(text, tail) == ["''I'm not hiding the fact that I want him to win.''"]
    assert tail.cue == run_on.cue and tail.source == run_on.source and tail.kind == "direct"


def test_a_quote_that_opens_the_content_or_a_cut_inside_quotation_marks_is_left_alone():
    quoted = "“We will win. “Believe me,” he said.”"
    att = RawAttribution([(0, len(quoted))])
    assert split_quote_tails(quoted, [att]) == [att] and att.content_spans == [(0, len(quoted))]
    inside = "He called it “a disaster. “Sad.”” and left."
    att = RawAttribution([(inside.index("it"), inside.index(" and"))])
    before = list(att.content_spans)
    split_quote_tails(inside, [att])
    assert att.content_spans == before


def test_an_earlier_quote_of_another_paragraph_is_not_continued():
    text = "“We will win,” he said.\nShe was referring to the polls. “They are wrong.”"
    first = RawAttribution([_span(text, "“We will win,”")], kind="direct")
    run_on = RawAttribution([(text.index("the polls"), len(text))], cue=_span(text, "referring to"))
    out = split_quote_tails(text, [first, run_on])
    assert len(out) == 3 and first.content_spans == [_span(text, "“We will win,”")]

"""Questions that a single-choice answer on the same page can rule out: what the page script must hide."""


def same_page_branches(catalogue, questions):
    """(question, neighbour id, values that rule it out, values that ask it) for each such pair."""
    for question in questions:
        if question.ask_if is None:
            continue
        for qid in question.ask_if.questions():
            neighbour = catalogue.question(qid)
            if neighbour.section != question.section or neighbour.type not in ("yes_no", "choice"):
                continue
            verdicts = {value: question.ask_if.evaluate({qid: value}).result for value, _ in neighbour.labels()}
            ruled_out = [value for value, result in verdicts.items() if result is False]
            yield question, qid, ruled_out, [value for value, result in verdicts.items() if result is True]

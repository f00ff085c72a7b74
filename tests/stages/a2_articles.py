# ruff: noqa: E501
"""Hand-written articles for the segment/structure/entities/summary tests (our own text)."""

INTERVIEW = """Drought Deal Collapses as Talks Stall

At a press conference in Geneva on Monday, Russian President Vladimir Putin revealed that the water agreement between the two river states had collapsed after the upstream dam was closed.

Putin said the closure left 40,000 farmers without irrigation. The Russian President, who described the move as reckless, urged both sides to return to the talks. The US denies any role in the dispute.

Radio Meridian spoke to Professor Helen Okafor from the University of Lagos about what happens next.

Radio Meridian: Who is really behind the closure of the dam?

Helen Okafor: The dam is run by a consortium backed by the United States and the World Bank.

The consortium did not consult the farmers downstream, and President Putin is right that nobody asked them.

Radio Meridian: Do you think the talks can be saved?

Helen Okafor: I think they can, but only if Washington stops blocking the water commission.

We have seen this before in Mali, where a similar deal held for ten years.

Radio Meridian: Is there a risk that armed groups such as Daesh exploit the crisis?

Helen Okafor: Yes, Daesh has already recruited in the camps near the river.
"""

NEWS = """Ministers Meet in Brussels

The European Union and NATO held talks in Brussels on Tuesday about the border crisis.

German Chancellor Angela Merkel told reporters that the EU would send observers. Merkel added that the United States had promised support. The U.S. embassy confirmed the offer, and a US official said Washington would pay for the mission.

The Chancellor later met the Hungarian Prime Minister Viktor Orban. Orban's office said he welcomed the talks.
"""

"""Attribution rule engine: quote finder, cue lexicon with stances, dependency rules, source resolution."""

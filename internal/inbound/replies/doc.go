// Package replies reads a customer's answer to a payment reminder: it keeps
// only what the customer wrote (NewText drops quoted text, the headers of
// the quoted message and signatures) and proposes actions from it (Suggest:
// paid, promise to pay, dispute, copy request, paperless consent or refusal,
// new contact details) for the owner to confirm.
//
// Both are heuristics over French, English, German and Serbian (Cyrillic
// and Latin) mail. They are pure functions: the date
// that anchors relative expressions is a parameter, never the clock.
package replies

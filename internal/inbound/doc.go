// Package inbound reads an incoming email and says what it is to the
// dunning flow: a bounce of one of our letters, an auto-reply (with a
// return date when one is stated), a reply written by a person, or
// anything else.
//
// Parse turns raw RFC 5322 bytes into a Message; an IMAP sync that fetched
// only a few body parts may fill a Message itself. Classify never fails:
// it always returns a Class and a short English Reason.
//
// The order of the tests matters and is the heart of the rules:
//
//  1. reports that look like bounces but are not: abuse feedback (ARF),
//     read receipts (MDN), successful delivery reports and Amazon SES
//     complaint or delivery notifications are Other;
//  2. bounces, before anything else, because many of them carry
//     Auto-Submitted: auto-replied;
//  3. auto-replies (RFC 3834 and the vendors' own markers and subjects);
//  4. mail from lists, bulk senders and no-reply robots is Other;
//  5. everything left was written by a person to the owner: Reply, whether
//     or not it carries In-Reply-To or a "Re:" subject, because a customer
//     often answers a reminder with a fresh message.
//
// All work is bounded: input, header, part count, nesting depth and the
// text scanned by the classifier are capped, and the patterns are RE2
// regular expressions, which run in linear time.
package inbound

// Package inbound reads an incoming email and says what it is to the
// dunning flow: a bounce of one of our letters, an auto-reply (with a
// return date when one is stated), a reply written by a person, or
// anything else.
//
// Parse turns raw RFC 5322 bytes into a Message; an IMAP sync that fetched
// only a few body parts may fill a Message itself. Classify never fails:
// it always returns a Class and a short English Reason.
//
// The order of the tests is the heart of the rules:
//
//  1. reports that look like bounces but are not, Other: abuse feedback
//     (ARF, and Hotmail's older "complaint about message from"), read
//     receipts (MDN), delivery reports whose every recipient was
//     delivered, relayed, expanded or found deliverable, Amazon SES
//     complaint and delivery notifications, Apple Mail unsubscribe
//     requests;
//  2. bounces, before anything else because many of them carry
//     Auto-Submitted: auto-replied: an RFC 3464 report, an Amazon SES
//     bounce notification, the fixed wording of known servers (qmail,
//     Exim, Sendmail, Postfix, Exchange in English, French, German and
//     Serbian, Gmail, Yahoo...), X-Failed-Recipients, a bounce subject
//     ("Undeliverable:", "Non remis", "Mail delivery failed"...) unless it
//     is a reply or a forward, a mail-system sender (MAILER-DAEMON,
//     postmaster) with an empty Return-Path, a failure wording or an SMTP
//     code, or a failure wording ("non délivré", "nije isporučeno"...)
//     in a message a machine wrote (empty Return-Path, Auto-Submitted, a
//     returned message attached). A person's "Re:"/"TR:" message that
//     quotes a bounce stays that person's message;
//  3. auto-replies: Auto-Submitted other than "no" (RFC 3834),
//     X-Autoreply, X-Autorespond, X-MS-Exchange-Inbox-Rules-Loop,
//     Precedence: auto_reply, Precedence: bulk or junk without List-
//     fields (vacation programs mark their answers so), the subjects of
//     out-of-office programs in the owners' languages, and last an empty
//     Return-Path. X-Auto-Response-Suppress asks others not to answer
//     automatically and marks nothing;
//  4. Other for lists and robots: List-Id, List-Post, Mailing-List,
//     Precedence: list (or bulk/junk with List- fields), List-Unsubscribe
//     on a message that answers nothing (sales tools add it to one-to-one
//     answers too), and senders named no-reply, notification, newsletter,
//     mailer or bounce;
//  5. Reply for everything left: a person wrote to the owner, whether or
//     not with In-Reply-To or a "Re:"/"AW:"/"Odg:" subject, because a
//     customer often answers a reminder with a fresh message.
//
// All work is bounded: input, header, part count, nesting depth and the
// text the patterns read are capped, and the patterns are RE2 regular
// expressions, which run in linear time.
package inbound

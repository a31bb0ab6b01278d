package importer

import "strings"

// nearMiss names the file's header closest to a missing column's aliases,
// when one is close enough to be what the owner meant ("Date limite de
// règlement" for the due date), or "".
func nearMiss(k Kind, col string, headers []string) string {
	var aliases []string
	for _, c := range columns[k] {
		if c.name == col {
			aliases = append(aliases, normalizeHeader(c.name))
			for _, a := range c.aliases {
				aliases = append(aliases, normalizeHeader(a))
			}
		}
	}
	best, bestScore, second := "", 0.0, 0.0 // second: the best score of another header
	for _, h := range headers {
		n := normalizeHeader(h)
		if n == "" {
			continue
		}
		score := 0.0
		for _, a := range aliases {
			score = max(score, similarity(n, a))
		}
		switch {
		case score > bestScore:
			best, bestScore, second = h, score, bestScore
		case score > second:
			second = score
		}
	}
	if bestScore < 0.6 || second == bestScore {
		return "" // nothing close, or two headers as close: no guess
	}
	return best
}

// similarity is 1 for equal strings, down to 0: the larger of the edit
// distance's complement (typos: "Invoce Date") and the share of the alias's
// words found in the header ("Date limite de règlement" holds "date
// limite reglement"'s words).
func similarity(h, a string) float64 {
	d := levenshtein([]rune(h), []rune(a))
	n := max(len([]rune(h)), len([]rune(a)))
	edit := 1 - float64(d)/float64(n)
	words := strings.Fields(a)
	have := map[string]bool{}
	for _, w := range strings.Fields(h) {
		have[w] = true
	}
	found := 0
	for _, w := range words {
		if have[w] {
			found++
		}
	}
	share := 0.0
	if len(words) > 1 {
		share = float64(found) / float64(len(words))
	}
	return max(edit, share)
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

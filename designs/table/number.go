package table

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// columnLetters is the spreadsheet's letter name of 0-based column
// i: 0 → A, 25 → Z, 26 → AA.
func columnLetters(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// trimCell trims spaces, tabs and no-break spaces (U+00A0, common in
// exports) from both ends of a cell.
func trimCell(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[0] == ' ' || b[0] == '\t':
			b = b[1:]
		case len(b) > 1 && b[0] == 0xC2 && b[1] == 0xA0:
			b = b[2:]
		default:
			goto right
		}
	}
right:
	for len(b) > 0 {
		n := len(b)
		switch {
		case b[n-1] == ' ' || b[n-1] == '\t':
			b = b[:n-1]
		case n > 1 && b[n-2] == 0xC2 && b[n-1] == 0xA0:
			b = b[:n-2]
		default:
			return b
		}
	}
	return b
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
	1e21, 1e22}

// parseNumber parses a trimmed cell as a decimal number: an optional
// sign, digits with at most one decimal point (or, when decimalComma, one
// decimal comma instead), and an optional exponent ("1e3", "-2", "+2",
// ".5", "3,5"). It does not accept thousands separators, "inf", "nan",
// hexadecimal or underscores, which strconv.ParseFloat would.
//
// Plain decimals with at most 15 significant digits and a small exponent
// take Clinger's fast path (an exact integer times or divided by an exact
// power of ten, so one correctly rounded operation), which gives the same
// float64 as strconv.ParseFloat; anything else goes to strconv.ParseFloat.
func parseNumber(b []byte, decimalComma bool) (float64, bool) {
	n := len(b)
	if n == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	digits, sig, exp := 0, 0, 0
	sepAt := -1
	for ; i < n; i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			digits++
			if sig > 0 || c != '0' {
				sig++
				if sig <= 19 {
					mant = mant*10 + uint64(c-'0')
				}
			}
			if sepAt >= 0 {
				exp--
			}
			continue
		}
		if (c == '.' || c == ',' && decimalComma) && sepAt < 0 {
			sepAt = i
			continue
		}
		break
	}
	if digits == 0 {
		return 0, false
	}
	// Digits beyond the 19th were dropped from mant; the slow path handles
	// those, so exp need not account for them.
	e := 0
	if i < n {
		if b[i] != 'e' && b[i] != 'E' {
			return 0, false
		}
		i++
		eneg := false
		if i < n && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		if i == n {
			return 0, false
		}
		for ; i < n; i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			if e < 100000 {
				e = e*10 + int(c-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	exp += e
	if sig <= 15 && exp >= -22 && exp <= 22 {
		f := float64(mant)
		if exp < 0 {
			f /= pow10[-exp]
		} else {
			f *= pow10[exp]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	// Slow path: strconv, with a decimal comma turned into a point.
	var buf [64]byte
	s := append(buf[:0], b...)
	if sepAt >= 0 {
		s[sepAt] = '.'
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func looksNumeric(s string) bool {
	_, ok := parseNumber([]byte(s), false)
	return ok
}

// hasThousandsGroups reports whether s looks like 1,234 or 12,345,678.5.
func hasThousandsGroups(s string) bool {
	s = strings.TrimLeft(s, "+-")
	intPart, _, _ := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	if len(groups) < 2 || len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

package conf

import (
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// parseString decodes a wpa_supplicant string value: "quoted" (everything
// between the first and the last quote, no escapes), P"printf-escaped", or
// hex digits.
func parseString(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, `"`):
		if len(v) < 2 || !strings.HasSuffix(v, `"`) {
			return "", fmt.Errorf("quoted value has no closing quote: %w", ErrSyntax)
		}
		return v[1 : len(v)-1], nil
	case strings.HasPrefix(v, `P"`):
		if len(v) < 3 || !strings.HasSuffix(v, `"`) {
			return "", fmt.Errorf("no closing quote in P\"...\" value: %w", ErrSyntax)
		}
		return printfDecode(v[2 : len(v)-1])
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return "", fmt.Errorf("want a \"quoted\" string or hex digits: %w", ErrSyntax)
	}
	return string(b), nil
}

// printfDecode undoes the escapes of wpa_supplicant's P"..." strings:
// \\ \" \e \n \r \t \xHH and octal \ooo.
func printfDecode(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i++; i == len(s) {
			return "", fmt.Errorf("backslash at the end of P\"...\" value: %w", ErrSyntax)
		}
		simple := map[byte]byte{'\\': '\\', '"': '"', 'e': 0x1b, 'n': '\n', 'r': '\r', 't': '\t'}
		if c, ok := simple[s[i]]; ok {
			b.WriteByte(c)
			continue
		}
		n, width, err := numericEscape(s[i:])
		if err != nil {
			return "", err
		}
		b.WriteByte(n)
		i += width - 1
	}
	return b.String(), nil
}

// numericEscape decodes the escape xHH or ooo at the start of s and says
// how many bytes of s it used.
func numericEscape(s string) (byte, int, error) {
	digits, base, start, end := "01234567", 8, 0, 3
	if s[0] == 'x' {
		digits, base, start, end = "0123456789abcdefABCDEF", 16, 1, 3
	}
	n := start
	for n < len(s) && n < end && strings.IndexByte(digits, s[n]) >= 0 {
		n++
	}
	v, err := strconv.ParseUint(s[start:n], base, 8)
	if err != nil {
		return 0, 0, fmt.Errorf("bad escape \\%s in P\"...\" value: %w", s[:max(n, 1)], ErrSyntax)
	}
	return byte(v), n, nil
}

func parseBool(v string) (bool, error) {
	switch v {
	case "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, fmt.Errorf("want 0 or 1, got %q: %w", v, ErrSyntax)
}

func parseInt(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("want a number, got %q: %w", v, ErrSyntax)
	}
	return n, nil
}

func parseFreqList(v string) ([]int, error) {
	var freqs []int
	for _, f := range strings.Fields(v) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 || n > 100000 {
			return nil, fmt.Errorf("want frequencies in MHz separated by spaces, got %q: %w", f, ErrSyntax)
		}
		freqs = append(freqs, n)
	}
	return freqs, nil
}

func parseBSSID(v string) (net.HardwareAddr, error) {
	if v == "any" || v == "" || v == `""` { // wpa_supplicant: no BSSID set
		return nil, nil
	}
	a, err := net.ParseMAC(v)
	if err != nil || len(a) != 6 {
		return nil, fmt.Errorf("want a MAC address like 02:00:00:00:00:01, got %q: %w", v, ErrSyntax)
	}
	return a, nil
}

func parseCountry(v string) (string, error) {
	c := strings.ToUpper(v)
	if len(c) != 2 || !(isUpper(c[0]) && isUpper(c[1]) || c == "00") {
		return "", fmt.Errorf("want a two-letter country code like GB, got %q: %w", v, ErrSyntax)
	}
	return c, nil
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

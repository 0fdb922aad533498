package boot

import "errors"

// Fix is an error that also says what the user should do about it.
type Fix struct {
	Err  error
	Hint string
}

func (f *Fix) Error() string { return f.Err.Error() }
func (f *Fix) Unwrap() error { return f.Err }

// WithFix attaches a hint for the user to err; nil stays nil.
func WithFix(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &Fix{Err: err, Hint: hint}
}

// hintOf finds the outermost hint in err's chain.
func hintOf(err error) string {
	var f *Fix
	if errors.As(err, &f) {
		return f.Hint
	}
	return ""
}

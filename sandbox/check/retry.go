package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Retry says how often and how patiently a transient API error is retried
// before it is shown.
type Retry struct {
	Attempts int           // tries in all (default 4)
	Delay    time.Duration // before the second try, doubled after (default 100ms)
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 4
	}
	if r.Delay <= 0 {
		r.Delay = 100 * time.Millisecond
	}
	return r
}

// retry runs f until it succeeds, fails for good, or the attempts run out.
func (e *Engine) retry(ctx context.Context, f func() error) error {
	delay := e.cfg.Retry.Delay
	var err error
	for i := 0; i < e.cfg.Retry.Attempts; i++ {
		if err = f(); err == nil || !transient(err) {
			return err
		}
		if i == e.cfg.Retry.Attempts-1 {
			break
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
		delay *= 2
	}
	if unreachable(err) {
		return &UnreachableError{Host: e.rest.Host, Err: err}
	}
	return err
}

// transient reports whether an error may go away by itself: the server is
// busy, restarting or briefly unreachable.
func transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if apierrors.IsServerTimeout(err) || apierrors.IsTimeout(err) || apierrors.IsTooManyRequests(err) ||
		apierrors.IsInternalError(err) || apierrors.IsServiceUnavailable(err) || apierrors.IsUnexpectedServerError(err) {
		return true
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		switch status.Status().Code {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError:
			return true
		}
		return false
	}
	return unreachable(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || strings.Contains(err.Error(), "connection reset") ||
		strings.Contains(err.Error(), "http2: client connection lost")
}

// unreachable reports whether the error says the server could not be reached
// at all (refused, no route, no such host, timed out connecting).
func unreachable(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Timeout() {
		return true
	}
	return false
}

// UnreachableError says the cluster could not be reached, after retries.
// Evaluate reports it once on the Report instead of failing every check.
type UnreachableError struct {
	Host string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the cluster at %s: %v: is it running? Check --kubeconfig and --context, or start the lab's cluster", e.Host, e.Err)
}
func (e *UnreachableError) Unwrap() error { return e.Err }

// Msg is the error in the learner's language.
func (e *UnreachableError) Msg() Msg { return msg("err.unreachable", e.Host, rootCause(e.Err)) }

// LocalText is the error in lang, for the message system's ErrorText.
func (e *UnreachableError) LocalText(lang string) string { return e.Msg().Text(lang) }

func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

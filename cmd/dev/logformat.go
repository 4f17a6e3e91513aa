package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The values of -log-format.
const (
	logText = "text"
	logJSON = "json"
)

// openLogs returns the file the function's log lines go to, as Appwrite's
// runtime hands one to the function, and a func to call once the function
// has stopped. The function always writes one JSON object a line, as it
// does when deployed. With format "json" the lines go to dest as they
// are; with "text" the dev runtime reads them back from a pipe and writes
// each as a short line a person reads in a terminal. format "" is text
// when dest is a terminal, else JSON.
func openLogs(dest *os.File, format string, now func() time.Time) (logs *os.File, done func(), err error) {
	if format == "" {
		format = logJSON
		if isTerminal(dest) {
			format = logText
		}
	}
	if format == logJSON {
		return dest, func() {}, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		copyLogLines(dest, r, now)
		r.Close()
	}()
	return w, func() { w.Close(); <-finished }, nil
}

// copyLogLines writes each line of src to dst in the text format.
func copyLogLines(dst io.Writer, src io.Reader, now func() time.Time) {
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			fmt.Fprintln(dst, formatLogLine(line, now()))
		}
	}
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// formatLogLine writes one of the function's JSON log lines as text:
//
//	09:41:07 POST /login 401 user_invalid_credentials 4.2ms (Appwrite: 2 calls, 3.1ms) user 3fa2c1d0e9b8 [id 5f0c…]
//
// followed by its notes and any field it does not know, as key=value. A
// line that is not a JSON object is written as it is.
func formatLogLine(line string, at time.Time) string {
	var fields map[string]any
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil || dec.More() {
		return line
	}
	take := func(key string) string {
		v, ok := fields[key]
		if !ok {
			return ""
		}
		delete(fields, key)
		switch v := v.(type) {
		case string:
			return v
		case json.Number:
			return v.String()
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	var b strings.Builder
	b.WriteString(at.Format("15:04:05"))
	for _, key := range []string{"method", "route", "status", "error"} {
		if v := take(key); v != "" {
			b.WriteString(" " + printable(v))
		}
	}
	if ms := take("ms"); ms != "" {
		b.WriteString(" " + ms + "ms")
	}
	calls, upstream := take("upstreamCalls"), take("upstreamMs")
	switch calls {
	case "", "0":
	case "1":
		b.WriteString(" (Appwrite: 1 call, " + upstream + "ms)")
	default:
		b.WriteString(" (Appwrite: " + calls + " calls, " + upstream + "ms)")
	}
	if user := take("user"); user != "" {
		b.WriteString(" user " + printable(user))
	}
	id := take("requestId")
	if raw, ok := fields["notes"].([]any); ok {
		delete(fields, "notes")
		for _, n := range raw {
			b.WriteString(" — " + printable(fmt.Sprint(n)))
		}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := take(k)
		if v == "" || strings.ContainsAny(v, " \"=") {
			v = strconv.Quote(v)
		}
		v = printable(v)
		b.WriteString(" " + k + "=" + v)
	}
	if id != "" {
		b.WriteString(" [id " + printable(id) + "]")
	}
	return b.String()
}

// printable returns s as it is, or quoted with its control characters
// escaped when it has some: what a request puts in a log line (a path, an
// Origin) must not drive the terminal it is printed on (ESC sequences
// can rewrite lines, clear the screen or set the window title).
func printable(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

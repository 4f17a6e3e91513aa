package server

import (
	"strings"
	"testing"
)

// TestDecoys checks the stand-ins: shaped like Appwrite's IDs and like a
// masked address, the same for the same input and key, different for
// another input or another key (so nobody without the key computes them),
// and random per process without a stored key.
func TestDecoys(t *testing.T) {
	t.Parallel()
	d, same, other := newDecoys("standard_key1"), newDecoys("standard_key1"), newDecoys("standard_key2")
	random1, random2 := newDecoys(""), newDecoys("")
	for _, input := range []string{"ada@example.com", "", "x", strings.Repeat("é", 300)} {
		id := d.userID(input)
		wantAppwriteShape(t, id, "decoy of "+input)
		if m := d.mask(input); !maskShape.MatchString(m) {
			t.Errorf("mask of %q = %q, want a masked address", input, m)
		}
		if same.userID(input) != id || same.mask(input) != d.mask(input) {
			t.Errorf("%q: two decoys of one key disagree", input)
		}
		if other.userID(input) == id {
			t.Errorf("%q: two keys make one decoy ID", input)
		}
		if random1.userID(input) == random2.userID(input) {
			t.Errorf("%q: two random keys make one decoy ID", input)
		}
	}
	if d.userID("ada@example.com") == d.userID("bob@example.com") {
		t.Error("two addresses share a decoy ID")
	}
}

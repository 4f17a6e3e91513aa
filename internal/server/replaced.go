package server

import (
	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/models"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/internal/upstream"
)

// replacedSession is the session the browser came with, when a sign-in is
// about to replace it: it must then end in Appwrite, or it would live on
// until it expired, count toward its user's session limit and stay usable
// to whoever else holds its secret (a cookie planted from a sibling
// subdomain, say). Ending it takes its ID, which the session index knows
// for sessions this instance made and which is otherwise looked up with
// the session itself; lookUpReplaced starts that lookup beside the
// sign-in's own first call, and endLater ends the session beside its
// last, so that neither costs a round trip of its own.
type replacedSession struct {
	secret string
	// done is closed once the lookup is over.
	done chan struct{}
	// userID and sessionID name the session; pending says it still waits
	// for its second factor (it cannot read itself, only delete itself);
	// gone says there is nothing to end.
	userID, sessionID string
	pending, gone     bool
}

// lookUpReplaced starts finding out which session the browser's cookie
// holds, in the background; nil when it holds none.
func (d *Deps) lookUpReplaced() *replacedSession {
	secret, ok := d.sessionSecret()
	if !ok {
		return nil
	}
	old := &replacedSession{secret: secret, done: make(chan struct{})}
	if userID, sessionID, known := d.Sessions.Lookup(secret); known {
		old.userID, old.sessionID = userID, sessionID
		close(old.done)
		return old
	}
	d.later(func() {
		defer close(old.done)
		current, err := account.New(d.user(secret)).GetSession("current")
		if err != nil {
			switch err = upstream.UserError(err); {
			case apierror.Is(err, apierror.TypeMoreFactorsRequired):
				old.pending = true
			case endsSession(err):
				old.gone = true
			default:
				old.gone = true
				d.note("ending the replaced session: " + err.Error())
			}
			return
		}
		old.userID, old.sessionID = current.UserId, current.Id
	})
	return old
}

// endLater ends the replaced session, now that s takes its place in the
// cookie, in the background, and returns the function that waits for
// that and reports whether the session was ended. It is best effort: the
// new sign-in stands whatever happens, and a failure other than "already
// gone" is noted in the log line. On a nil old it does nothing.
func (old *replacedSession) endLater(d *Deps, s *models.Session) (wait func() bool) {
	if old == nil || old.secret == s.Secret {
		return func() bool { return false }
	}
	return parallel.Later(&d.background, func() bool {
		<-old.done
		return old.end(d, s)
	})
}

// end ends the looked-up session unless it is gone or is s itself, and
// reports whether it is gone now.
func (old *replacedSession) end(d *Deps, s *models.Session) bool {
	switch {
	case old.gone:
		return true
	case old.pending:
		if err := deleteOwnSession(d.user(old.secret)); err != nil {
			d.note("ending the replaced session: " + err.Error())
			return false
		}
	case old.sessionID == s.Id:
		return false
	default:
		if err := deleteSessionByID(upstream.NewAdminClient(d.Config, ""), old.userID, old.sessionID); err != nil {
			d.note("ending the replaced session: " + err.Error())
			return false
		}
	}
	d.Sessions.Forget(old.secret)
	return true
}

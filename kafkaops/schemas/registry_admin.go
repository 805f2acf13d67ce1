package schemas

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"

	"github.com/twmb/franz-go/pkg/sr"
)

// SubjectInfo is one subject of the registry with its latest version.
type SubjectInfo struct {
	Subject string `json:"subject"`
	// Version, ID and Type are the latest version's.
	Version int           `json:"version"`
	ID      int           `json:"id"`
	Type    sr.SchemaType `json:"schema_type"`
	// Compatibility is the level that applies: the subject's own, or the
	// registry's global one. Empty when the registry would not say.
	Compatibility string `json:"compatibility"`
}

// Subjects lists every subject with its latest version, schema type and
// compatibility level, sorted by name. The latest versions come in one
// request (GET /schemas?latestOnly=true) where the registry has it, else
// one request per subject.
func (r *Registry) Subjects(ctx context.Context) ([]SubjectInfo, error) {
	latest, err := r.latestSchemas(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SubjectInfo, 0, len(latest))
	names := make([]string, 0, len(latest))
	for _, s := range latest {
		r.remember(s)
		out = append(out, SubjectInfo{Subject: s.Subject, Version: s.Version, ID: s.ID, Type: s.Type})
		names = append(names, s.Subject)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	sort.Strings(names)
	if len(names) == 0 {
		return out, nil
	}
	compat := r.cl.Compatibility(sr.WithParams(ctx, sr.DefaultToGlobal), names...)
	for i, c := range compat {
		if c.Err == nil {
			out[i].Compatibility = c.Level.String()
		}
	}
	return out, nil
}

// latestSchemas is the latest schema of every subject.
func (r *Registry) latestSchemas(ctx context.Context) ([]sr.SubjectSchema, error) {
	all, err := r.cl.AllSchemas(sr.WithParams(ctx, sr.LatestOnly))
	if err == nil && slices.ContainsFunc(all, func(s sr.SubjectSchema) bool { return s.Subject == "" || s.Version <= 0 }) {
		// Apicurio's ccompat API answers with the schemas' text only,
		// without subject or version: ask subject by subject instead.
		return r.latestBySubject(ctx)
	}
	if err == nil {
		// A registry that ignores latestOnly sends every version.
		best := map[string]sr.SubjectSchema{}
		for _, s := range all {
			if b, ok := best[s.Subject]; !ok || s.Version > b.Version {
				best[s.Subject] = s
			}
		}
		out := make([]sr.SubjectSchema, 0, len(best))
		for _, s := range best {
			out = append(out, s)
		}
		return out, nil
	}
	var re *sr.ResponseError
	if !errors.As(err, &re) || re.StatusCode == http.StatusUnauthorized || re.StatusCode == http.StatusForbidden ||
		(re.StatusCode != http.StatusNotFound && re.StatusCode != http.StatusMethodNotAllowed) {
		return nil, r.explain(err, "the list of schemas", target{})
	}
	// Registries without GET /schemas (older ones, some compatible APIs).
	return r.latestBySubject(ctx)
}

// latestBySubject lists the subjects, then asks for each one's latest
// version, a few at a time.
func (r *Registry) latestBySubject(ctx context.Context) ([]sr.SubjectSchema, error) {
	subjects, err := r.cl.Subjects(ctx)
	if err != nil {
		return nil, r.explain(err, "the list of subjects", target{})
	}
	out := make([]sr.SubjectSchema, len(subjects))
	errs := make([]error, len(subjects))
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxConnsPerHost)
	for i, s := range subjects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = r.SchemaByVersion(ctx, s, -1)
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	return out, nil
}

// Versions lists a subject's versions, oldest first.
func (r *Registry) Versions(ctx context.Context, subject string) ([]int, error) {
	vs, err := r.cl.SubjectVersions(ctx, subject)
	if err != nil {
		return nil, r.explain(err, fmt.Sprintf("subject %q", subject), target{subject: subject})
	}
	sort.Ints(vs)
	return vs, nil
}

// Compatibility is the compatibility level that applies to subject (its
// own, else the global one); "" with GlobalSubject's empty name asks for
// the global level.
func (r *Registry) Compatibility(ctx context.Context, subject string) (sr.CompatibilityLevel, error) {
	res := r.cl.Compatibility(sr.WithParams(ctx, sr.DefaultToGlobal), subject)[0]
	if res.Err != nil {
		return 0, r.explain(res.Err, fmt.Sprintf("the compatibility level of subject %q", subject), target{subject: subject})
	}
	return res.Level, nil
}

// Register adds s to subject as its next version (or finds the version it
// already is) and returns it with its id and version.
func (r *Registry) Register(ctx context.Context, subject string, s sr.Schema) (sr.SubjectSchema, error) {
	id, err := r.cl.RegisterSchema(ctx, subject, s, -1, -1)
	if err != nil {
		return sr.SubjectSchema{}, r.explain(err, fmt.Sprintf("register a schema in subject %q", subject), target{subject: subject})
	}
	// The registry answers with the id only; the version comes from
	// looking the schema up in the subject.
	ss, err := r.cl.LookupSchema(ctx, subject, s)
	if err != nil {
		return sr.SubjectSchema{Subject: subject, ID: id, Schema: s}, nil
	}
	r.remember(ss)
	return ss, nil
}

// CheckCompatibility checks s against subject's latest version, with the
// registry's reasons when it is not compatible.
func (r *Registry) CheckCompatibility(ctx context.Context, subject string, s sr.Schema) (sr.CheckCompatibilityResult, error) {
	res, err := r.cl.CheckCompatibility(sr.WithParams(ctx, sr.Verbose), subject, -1, s)
	if err != nil {
		return res, r.explain(err, fmt.Sprintf("check against subject %q", subject), target{subject: subject})
	}
	return res, nil
}

// DeleteSubject deletes every version of subject: soft (the registry keeps
// them, hidden) or, with permanent, for good (only after a soft delete).
// It returns the versions deleted.
func (r *Registry) DeleteSubject(ctx context.Context, subject string, permanent bool) ([]int, error) {
	vs, err := r.cl.DeleteSubject(ctx, subject, sr.DeleteHow(permanent))
	r.forget(subject)
	if err != nil {
		return nil, r.explain(err, fmt.Sprintf("subject %q", subject), target{subject: subject})
	}
	return vs, nil
}

// DeleteVersion deletes one version of subject, soft or permanent.
func (r *Registry) DeleteVersion(ctx context.Context, subject string, version int, permanent bool) error {
	err := r.cl.DeleteSchema(ctx, subject, version, sr.DeleteHow(permanent))
	r.forget(subject)
	if err != nil {
		return r.explain(err, fmt.Sprintf("subject %q version %d", subject, version), target{subject: subject, version: version})
	}
	return nil
}

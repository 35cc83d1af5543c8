package main

import (
	"kubelab/internal/msg"

	"fmt"
	"io"

	"kubelab/internal/progress"
	"kubelab/lessons"
)

// catalog loads the lesson pack: --lessons DIR when given, else the built-in
// one. A pack with problems is refused with every problem listed, so the
// learner (or teacher) sees what `kubelab lint` would say.
func (a *app) catalog() (*lessons.Catalog, error) {
	if a.cat != nil {
		return a.cat, nil
	}
	var (
		c   *lessons.Catalog
		err error
	)
	if a.lessonsDir != "" {
		c, err = lessons.LoadDir(a.lessonsDir)
	} else {
		c, err = lessons.Builtin()
	}
	if err != nil {
		if ps, ok := err.(lessons.Problems); ok {
			return nil, msg.Errorf(ps, "cmd.catalog.problems", len(ps))
		}
		return nil, err
	}
	c = a.classNamespaces(c)
	a.cat = c
	return c, nil
}

// lesson finds a lesson by id (or by its number, "3" or "03").
func (a *app) lesson(id string) (*lessons.Lesson, error) {
	c, err := a.catalog()
	if err != nil {
		return nil, err
	}
	if l := c.Lesson(id); l != nil {
		return l, nil
	}
	for _, l := range c.Lessons {
		if fmt.Sprint(l.Order) == id || fmt.Sprintf("%02d", l.Order) == id {
			return l, nil
		}
	}
	return nil, msg.Errorf(nil, "cmd.catalog.noLesson", id)
}

// openProgress opens the learner's progress file, printing to w the warning
// about a corrupt file that was kept aside, if any.
func openProgress(w io.Writer, lang string) (*progress.Store, error) {
	store, warnings, err := progress.OpenDefault()
	if err != nil {
		return nil, err
	}
	for _, warning := range warnings {
		fmt.Fprintln(w, msg.New("cmd.warning", warning).Text(lang))
	}
	attachClassProgress(store, w, false)
	return store, nil
}

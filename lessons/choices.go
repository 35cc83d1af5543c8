package lessons

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
)

// ChoiceOrder is the order in which a learner sees a quiz's choices: shuffled
// per learner, so that the same letter is not the answer for everyone, and
// stable for that learner (the same seed gives the same order every time).
// The learner answers with a choice's id, whatever its place. seed is any
// text that stays the same for one learner (the progress store keeps one).
// A quiz without choices has no order: nil.
func ChoiceOrder(seed string, l *Lesson, s *Step, c *Check) []string {
	if c == nil || len(c.Choices) == 0 {
		return nil
	}
	sum := sha256.Sum256([]byte(seed + "\x00" + l.ID + "\x00" + s.ID + "\x00" + c.ID))
	rng := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
	out := slices.Clone(c.Choices)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

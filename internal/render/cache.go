package render

import (
	"container/list"
	"sync"
)

// Cache keeps recent strings by key, bounded by their total size and
// dropping the least recently used first. It is safe for concurrent use.
// The renderer keeps its renderings in one; a screen that keeps what it
// drew from them uses one too, so every cache of drawn text has a bound.
type Cache[K comparable] struct {
	mu    sync.Mutex
	max   int
	size  int
	cost  func(K, string) int
	order *list.List // front is the most recent
	items map[K]*list.Element
}

type cacheEntry[K comparable] struct {
	key K
	val string
}

// NewCache returns a cache of at most maxBytes, as cost counts an entry;
// a nil cost counts the value's bytes.
func NewCache[K comparable](maxBytes int, cost func(K, string) int) *Cache[K] {
	if cost == nil {
		cost = func(_ K, v string) int { return len(v) }
	}
	return &Cache[K]{max: maxBytes, cost: cost, order: list.New(), items: map[K]*list.Element{}}
}

// Get returns the value of k and marks it recently used.
func (c *Cache[K]) Get(k K) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry[K]).val, true
	}
	return "", false
}

// Put keeps v under k, dropping the least recently used entries until the
// cache fits its bound; a value larger than the whole bound is not kept.
func (c *Cache[K]) Put(k K, v string) {
	n := c.cost(k, v)
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&cacheEntry[K]{key: k, val: v})
	c.size += n
	for c.size > c.max {
		e := c.order.Back()
		ce := e.Value.(*cacheEntry[K])
		c.order.Remove(e)
		delete(c.items, ce.key)
		c.size -= c.cost(ce.key, ce.val)
	}
}

// Len is the number of entries kept.
func (c *Cache[K]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Purge empties the cache.
func (c *Cache[K]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
	c.size = 0
}

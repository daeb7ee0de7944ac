package table

import "hash/maphash"

// interner is an open-addressing hash table from label to code: one
// hash per cell, where a Go map would hash twice for a new label (lookup,
// then insert). Which codes labels get depends only on the order they
// first appear in, not on the hash seed.
type interner struct {
	seed maphash.Seed
	// slots hold the top 32 bits of a label's hash and its code + 1;
	// 0 is an empty slot.
	slots []uint64
	mask  uint64
}

func newInterner(labels []string) *interner {
	t := &interner{seed: maphash.MakeSeed()}
	t.grow(labels, 64)
	return t
}

func (t *interner) grow(labels []string, size int) {
	t.slots = make([]uint64, size)
	t.mask = uint64(size - 1)
	for k, l := range labels {
		h := maphash.String(t.seed, l)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = h&^0xFFFFFFFF | uint64(k+1)
	}
}

func (t *interner) code(b []byte, labels *[]string) int32 {
	h := maphash.Bytes(t.seed, b)
	top := h &^ 0xFFFFFFFF
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s&^0xFFFFFFFF == top {
			k := int32(s&0xFFFFFFFF) - 1
			if (*labels)[k] == string(b) {
				return k
			}
		}
		i = (i + 1) & t.mask
	}
	k := int32(len(*labels))
	*labels = append(*labels, string(b))
	t.slots[i] = top | uint64(k+1)
	if 2*len(*labels) > len(t.slots) {
		t.grow(*labels, 2*len(t.slots))
	}
	return k
}

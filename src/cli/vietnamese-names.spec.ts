import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../common/text.js';
import { seededRandom, VietnameseNameGenerator, vietnameseName } from './vietnamese-names.js';

const draw = (seed: number, n: number) => {
  const gen = new VietnameseNameGenerator(seededRandom(seed));
  return Array.from({ length: n }, (_, i) => gen.next(i % 2 === 0 ? 'male' : 'female'));
};

describe(VietnameseNameGenerator.name, () => {
  it('gives the same names for the same seed', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
  });

  it('gives other names for another seed', () => {
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('never repeats a full name', () => {
    const names = draw(7, 600);
    expect(new Set(names).size).toBe(600);
  });

  it('writes "Họ Đệm Tên" in NFC with Vietnamese letters only', () => {
    for (const name of draw(1, 300)) {
      expect(name).toBe(name.normalize('NFC'));
      expect(name.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(name.split(' ').length).toBeLessThanOrEqual(4);
      expect(name).toMatch(/^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*){2,3}$/u);
      expect(foldVietnamese(name)).toMatch(/^[a-z ]+$/);
    }
  });

  it('makes Nguyễn the most common surname and Thị the most common middle name of women', () => {
    const rand = seededRandom(99);
    const women = Array.from({ length: 2000 }, () => vietnameseName(rand, 'female'));
    const count = (pred: (n: string) => boolean) => women.filter(pred).length;
    const nguyen = count((n) => n.startsWith('Nguyễn '));
    expect(nguyen / women.length).toBeGreaterThan(0.25);
    expect(nguyen).toBeGreaterThan(count((n) => n.startsWith('Trần ')));
    expect(count((n) => n.split(' ')[1] === 'Thị') / women.length).toBeGreaterThan(0.3);
  });

  it('never gives the middle name again as the given name', () => {
    const rand = seededRandom(5);
    for (let i = 0; i < 2000; i++) {
      const parts = vietnameseName(rand, i % 2 ? 'male' : 'female').split(' ');
      expect(parts.slice(1, -1)).not.toContain(parts[parts.length - 1]);
    }
  });
});

describe(seededRandom.name, () => {
  it('draws in [0, 1)', () => {
    const rand = seededRandom(123);
    for (let i = 0; i < 1000; i++) {
      const x = rand();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

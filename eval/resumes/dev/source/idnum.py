"""Helper: compute the check digit of an 18-digit PRC ID number (GB 11643)."""
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
M = "10X98765432"
def full(first17: str) -> str:
    assert len(first17) == 17 and first17.isdigit()
    return first17 + M[sum(int(c) * w for c, w in zip(first17, W)) % 11]
def valid(idn: str) -> bool:
    return len(idn) == 18 and full(idn[:17]) == idn.upper()
if __name__ == "__main__":
    for a in sys.argv[1:]:
        print(full(a))

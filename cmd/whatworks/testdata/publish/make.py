# Makes the pupil data of the publishing-rules leak test (synthetic pupils,
# made-up identifiers). Run from this folder: python3 make.py
import csv, random

def pupil(rng, i, arm, sen, effect):
    pre = round(rng.gauss(100, 15), 1)
    post = round(0.7 * pre + 30 + effect + rng.gauss(0, 9), 1)
    return {"upn": "QZ%04dX" % (7301 + i), "arm": arm, "fsm": "Y" if rng.random() < 0.3 else "N",
            "gender": rng.choice(["F", "M"]), "sen": sen, "eal": "Y" if rng.random() < 0.25 else "N",
            "reading_pre": pre, "reading_post": post,
            "passed": "Yes" if post + rng.gauss(0, 8) > 102 else "No"}

def write(name, rows):
    with open(name, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

# Six intervention pupils, 95 comparison pupils.
rng = random.Random(14)
rows = []
for i in range(101):
    arm = "Y" if i < 6 else "N"
    sen = rng.choice(["None", "None", "None", "Support"])
    rows.append(pupil(rng, i, arm, sen, 4 if arm == "Y" else 0))
write("small-arm.csv", rows)

# 70 and 75 pupils; sen=EHCP has 2 intervention and 3 comparison pupils,
# sen=Support 14 and 16.
rng = random.Random(15)
rows = []
for i in range(145):
    arm = "Y" if i < 70 else "N"
    k = i if arm == "Y" else i - 70
    sen = "EHCP" if k < (2 if arm == "Y" else 3) else ("Support" if k < (16 if arm == "Y" else 19) else "None")
    rows.append(pupil(rng, 200 + i, arm, sen, 3 if arm == "Y" else 0))
write("small-subgroup.csv", rows)

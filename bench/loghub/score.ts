/**
 * Log-parsing accuracy as defined by the Loghub-2.0 evaluator (Jiang et al., ISSTA 2024):
 * both the ground truth and the parse result are grouped by their template string.
 *
 * - GA: share of lines whose ground-truth group equals their predicted group exactly.
 * - FGA: F1 of the share of predicted groups and of true groups that are grouped exactly right.
 * - PA: share of lines whose predicted template equals the true one.
 * - FTA: F1 over templates; a predicted template is right when every line in it has exactly that true template.
 */
export interface ParseScore {
  readonly ga: number;
  readonly fga: number;
  readonly pa: number;
  readonly fta: number;
  readonly trueTemplates: number;
  readonly predictedTemplates: number;
}

/** Templates are compared after trimming and collapsing whitespace runs to one space. */
export function normaliseTemplate(template: string): string {
  return template.trim().replace(/\s+/g, " ");
}

function groupIndices(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const group = groups.get(label);
    if (group === undefined) groups.set(label, [index]);
    else group.push(index);
  });
  return groups;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function scoreParse(truthTemplates: readonly string[], predictedTemplates: readonly string[]): ParseScore {
  if (truthTemplates.length !== predictedTemplates.length) {
    throw new Error(`line counts differ: ${truthTemplates.length} true, ${predictedTemplates.length} predicted`);
  }
  const truth = truthTemplates.map(normaliseTemplate);
  const predicted = predictedTemplates.map(normaliseTemplate);
  const total = truth.length;
  const truthGroups = groupIndices(truth);
  const predictedGroups = groupIndices(predicted);

  let groupedLines = 0;
  let groupedTemplates = 0;
  for (const members of truthGroups.values()) {
    const first = predicted[members[0] ?? 0] ?? "";
    const onePrediction = members.every((index) => predicted[index] === first);
    if (onePrediction && predictedGroups.get(first)?.length === members.length) {
      groupedLines += members.length;
      groupedTemplates += 1;
    }
  }

  let correctTemplates = 0;
  for (const [template, members] of predictedGroups) {
    if (members.every((index) => truth[index] === template)) correctTemplates += 1;
  }
  const parsedLines = predicted.reduce((count, template, index) => count + (template === truth[index] ? 1 : 0), 0);

  const safeShare = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  return {
    ga: safeShare(groupedLines, total),
    fga: f1(safeShare(groupedTemplates, predictedGroups.size), safeShare(groupedTemplates, truthGroups.size)),
    pa: safeShare(parsedLines, total),
    fta: f1(safeShare(correctTemplates, predictedGroups.size), safeShare(correctTemplates, truthGroups.size)),
    trueTemplates: truthGroups.size,
    predictedTemplates: predictedGroups.size,
  };
}

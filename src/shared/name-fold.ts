// How a typed name is compared with the names stored: the key kept in customers.name_folded (decision 0611).

/**
 * A name folded for "the same name, in any case": lower case as JavaScript folds Unicode (so "É" is "é",
 * which SQLite's lower() does not do), then composed (NFC), so that an "é" typed as "e" + combining accent
 * (macOS, some copy-pastes) is the same letter as the stored one. Accents are kept: "Ecole" is not "École".
 * Changing this function changes every stored key: it needs a migration that folds the names again.
 */
export const foldName = (name: string): string => name.toLowerCase().normalize('NFC');

import Core

/// Which team a molecule belongs to, as every screen shows it: its `team`, resolved through its convoy's teams
/// (display name); for a molecule without one, its assignee when that names a team of the convoy.
public enum MoleculeTeam {
    public static func of(_ molecule: MoleculeFile, teams directory: TeamDirectory) -> Team? {
        if let slug = molecule.team {
            return directory.teams.first { $0.slug == slug } ?? directory.team(slug) ?? Team(slug: slug)
        }
        return molecule.assignee.flatMap(directory.team)
    }
}
